/** Server-rendered pages: the flow interface shell and authentik's plain error page (bad_request_message). */

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const FLOW_SCRIPT_PATH = '/static/dist/standin-flow-executor.js';

/** `/if/flow/<slug>/`: the flow interface; the executor element loads the challenge itself. */
export function flowInterfacePage(flowSlug: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>authentik</title>
<script src="${FLOW_SCRIPT_PATH}" defer></script>
</head>
<body>
<div class="pf-c-background-image"></div>
<ak-flow-executor flowSlug="${escapeHtml(flowSlug)}"></ak-flow-executor>
</body>
</html>
`;
}

/** authentik/lib/views.py bad_request_message: a card whose `.pf-c-title` is the error title. */
export function errorPage(title: string, message: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} - authentik</title></head>
<body>
<div class="pf-c-login">
<div class="pf-c-login__main">
<header class="pf-c-login__main-header"><h1 class="pf-c-title pf-m-3xl">${escapeHtml(title)}</h1></header>
<div class="pf-c-login__main-body"><p>${escapeHtml(message)}</p></div>
</div>
</div>
</body>
</html>
`;
}

/** `/if/user/`: the user interface after login (only its heading is reproduced). */
export function userInterfacePage(username: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>authentik</title></head>
<body><h1>My applications</h1><p class="user">${escapeHtml(username)}</p></body>
</html>
`;
}
