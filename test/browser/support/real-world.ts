/**
 * The browser journeys' world: the emulated DEMO site (local/atlassian-site, demo scenario), the local Forge
 * runtime running the REAL app (appRoot = the repo root, manifest.yml as deployed, handlers from src/) and the
 * preview host rendering the real panels (src/frontend), all on one VirtualClock the test controls.
 * Like test/e2e/journeys/harness.ts, but with the preview host on top and no site-side shortcuts: the tests
 * cause changes through the host page's control strip and read the site back through its REST API.
 */
import path from 'node:path';
import { z } from 'zod';
import { createSite, type SiteHandle } from '../../../local/atlassian-site/index';
import {
  DEMO_DESKS,
  DEMO_GROUP_IDS,
  DEMO_IDS,
  DEMO_SPACES,
  demoScenario,
} from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { createForgeRuntime, type ForgeRuntime } from '../../../local/forge-runtime';
import { createPreviewHost, type PanelSelection, type PreviewHost } from '../../../local/preview';

export const APP_ROOT = path.resolve(__dirname, '..', '..', '..');
/** A fixed app id for this world (the manifest's own id is an all-zero placeholder). */
export const REAL_APP_ID = '5d2c7a10-3b4e-4f6a-9c8d-0000000b0e55';

export const MODULES = {
  admin: 'identity-reconciler-admin',
  project: 'identity-reconciler-project-settings',
  space: 'identity-reconciler-space-settings',
} as const;
export type PanelKind = keyof typeof MODULES;

/** Reported case (a) lives on the Customer Support desk (CS) and its knowledge base space (CSKB). */
export const CASE_A = {
  deskId: DEMO_DESKS.support,
  spaceId: DEMO_SPACES.supportKb,
  portalAccountId: DEMO_IDS.gracePortal,
  guestAccountId: DEMO_IDS.graceGuest,
  emailKey: 'grace.lee@example.org',
  displayName: 'Grace Lee',
  customersGroupId: DEMO_GROUP_IDS.customers,
  /** The customers group as the panel may name it: by id, or by name once it reads the directory. */
  customersGroup: new RegExp(`${DEMO_GROUP_IDS.customers}|jira-servicemanagement-customers-acme`),
} as const;

/** The control-strip preset that replays reported case (a): Grace's portal account raises a request. */
export const CASE_A_PRESET = {
  label: 'Reported case (a): the portal-only customer raises a request',
  action: 'raise-request',
  body: {
    deskId: CASE_A.deskId,
    reporter: CASE_A.portalAccountId,
    summary: 'Cannot log in to the portal ({n})',
  },
};

/** Every panel is opened with the reported-case desk and space chosen, whoever is viewing. */
export const selectionFor = (panel: PanelKind, role: PanelSelection['role']): PanelSelection => ({
  module: MODULES[panel],
  role,
  desk: CASE_A.deskId,
  space: CASE_A.spaceId,
});

export interface RealWorld {
  readonly clock: VirtualClock;
  readonly site: SiteHandle;
  readonly runtime: ForgeRuntime;
  readonly host: PreviewHost;
  /** The host page URL with one panel selected (what a person would open). */
  hostUrl(selection: PanelSelection): string;
  /** Group members as the app reads them over the site's Jira REST API (includes inactive users). */
  groupMembers(groupId: string): Promise<string[]>;
  close(): Promise<void>;
}

const groupPageSchema = z.object({
  values: z.array(z.object({ accountId: z.string() })),
  isLast: z.boolean().optional(),
});

export async function startRealWorld(): Promise<RealWorld> {
  const clock = new VirtualClock();
  const seed = demoScenario();
  const site = await createSite({ clock, seed, appId: REAL_APP_ID });
  let runtime: ForgeRuntime | undefined;
  try {
    runtime = await createForgeRuntime({
      appRoot: APP_ROOT,
      siteUrl: site.url,
      clock,
      appId: REAL_APP_ID,
      cloudId: seed.cloudId,
      scheduleStartDelayMs: 0,
      appTime: 'virtual', // the panels' times are the host's virtual clock, as under `npm start`
      // An installation in use: everyone has allowed access; the consent journey revokes one viewer first.
      consentedAccounts: seed.accounts.map((a) => a.accountId),
    });
    const host = await createPreviewHost({
      runtime,
      siteUrl: site.url,
      clock,
      appRoot: APP_ROOT,
      cloudId: seed.cloudId,
      port: 0,
      extraActions: [CASE_A_PRESET],
    });
    const rt = runtime;
    return {
      clock,
      site,
      runtime: rt,
      host,
      hostUrl(selection) {
        const q = new URLSearchParams({ module: selection.module, role: selection.role });
        if (selection.desk !== undefined) q.set('desk', selection.desk);
        if (selection.space !== undefined) q.set('space', selection.space);
        return `${host.url}/?${q.toString()}`;
      },
      async groupMembers(groupId) {
        const ids: string[] = [];
        for (let startAt = 0; ;) {
          const res = await fetch(
            `${site.url}/rest/api/3/group/member?groupId=${groupId}&startAt=${startAt}&maxResults=50&includeInactiveUsers=true`,
            { headers: { 'X-Local-Caller': `app:${REAL_APP_ID}`, Accept: 'application/json' } },
          );
          if (res.status !== 200) throw new Error(`group/member answered ${res.status}`);
          const page = groupPageSchema.parse(await res.json());
          ids.push(...page.values.map((v) => v.accountId));
          if (page.isLast !== false || page.values.length === 0) return ids;
          startAt += page.values.length;
        }
      },
      async close() {
        await host.close();
        await rt.close();
        await site.close();
      },
    };
  } catch (error) {
    await runtime?.close();
    await site.close();
    throw error;
  }
}
