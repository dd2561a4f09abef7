/** Exit codes shared by every command: 0 all holds, 1 findings, 2 usage, input or infrastructure error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
