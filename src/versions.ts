/**
 * The versions docproof knows, pinned in this one place with the date they were pinned. Plain data: the lint
 * rules compare guides against it, the stack pins its images from it, and every report names it.
 */
export const PINNED = {
  authentik: {
    /** The current stable release (the newest `@goauthentik/api` on npm when pinned; reference/authentik.md §0). */
    version: '2026.8.3',
    pinnedOn: '2026-11-29',
    /**
     * The release lines `docproof run` drives (src/authentik/server-version.ts): each is proved on the authentik
     * stand-in serving that line's own schema.yml (@goauthentik/api 2025.12.6, 2026.2.0, 2026.5.6, 2026.8.3), and
     * 2025.12, 2026.2 and 2026.5 also on the real programs built by ../shared/real.
     */
    supported: { oldest: '2025.12', newest: '2026.8' },
    /**
     * Release lines (YYYY.M), newest first. From the release-note files in goauthentik/authentik
     * `website/docs/releases/<year>/v<line>.md`. 2023.7, 2024.1 and 2024.5 have note files that are unreleased drafts
     * (renamed to 2023.8, 2024.2 and 2024.6 before release), so they are not lines here.
     */
    releases: [
      '2026.8', '2026.5', '2026.2',
      '2025.12', '2025.10', '2025.8', '2025.6', '2025.4', '2025.2',
      '2024.12', '2024.10', '2024.8', '2024.6', '2024.4', '2024.2',
      '2023.10', '2023.8', '2023.6', '2023.5', '2023.4', '2023.3', '2023.2', '2023.1',
      '2022.12', '2022.11', '2022.10', '2022.9', '2022.8', '2022.7', '2022.6', '2022.5', '2022.4', '2022.3', '2022.2', '2022.1',
      '2021.12', '2021.10', '2021.9', '2021.8', '2021.7', '2021.6', '2021.5', '2021.4', '2021.3', '2021.2', '2021.1',
    ],
  },
  pgadmin: {
    /**
     * pgAdmin 4 from PyPI (`pgadmin4`), the release the tests install and run (tests/support/pgadmin.ts), whose source
     * the pgAdmin driver was read against (src/apps/pgadmin/); the compose image is the same release.
     */
    version: '9.18',
    pinnedOn: '2026-12-04',
  },
  portainer: {
    /** The newest Portainer CE whose source was read for reference/portainer.md (§0); later versions are unverified. */
    version: '2.23.0',
    pinnedOn: '2026-11-29',
  },
  /**
   * The compose stack's images, each by exact tag; compose.yaml takes them from here (DOCPROOF_IMAGE_* variables set
   * by src/stack/compose.ts), and every compose report names them. Added by the stack (issue 5); why each tag:
   * - authentik: the current stable release above (the server image also runs the worker).
   * - portainer: 2.21.4 is the LTS release of the source that reference/portainer.md was read from (2.23.0 differs
   *   from it only by data-cy attributes), so the driver's selectors and the stand-in are known to match it. The
   *   current LTS line 2.39.x (2.39.6 is seen pinned in public compose files) is unverified; bump deliberately.
   * - postgres: authentik's compose uses 16-alpine; 16.11 (2025-11) pinned as an exact minor (seen pinned publicly,
   *   not checked against the registry from here).
   * - pgadmin: pgAdmin's own image (dpage/pgadmin4) of the release above (pgadmin.version): compose.yaml's `pgadmin`
   *   service, started only for a pgAdmin guide (profile pgadmin).
   * - forwarder: alpine/socat, which makes each service's published address reachable from inside the other
   *   service's container (see compose.yaml); tag seen pinned publicly, not checked against the registry.
   */
  images: {
    postgres: 'docker.io/library/postgres:16.11-alpine',
    authentik: 'ghcr.io/goauthentik/server:2026.8.3',
    portainer: 'docker.io/portainer/portainer-ce:2.21.4',
    forwarder: 'docker.io/alpine/socat:1.8.0.3',
    pgadmin: 'docker.io/dpage/pgadmin4:9.18',
  },
} as const;
