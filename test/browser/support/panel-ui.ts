/**
 * Every selector the real-panel journeys use, in one place. They are visible texts and ARIA roles (tab names,
 * button labels, the finding-code lozenges, the refusal wording), read from src/frontend where the app keeps
 * them (labels.ts, messages.ts), so a wording change there is picked up here; layout and test ids are not used.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import {
  CODE_LABEL,
  NO_MATCH_HEADER,
  OUTCOME_LABEL,
  SEARCH_LABEL,
  VIEWER_BLOCK_LABEL,
} from '../../../src/frontend/labels';
import { nextStep } from '../../../src/frontend/messages';
import type { Audience } from '../../../src/frontend/audience';

export const UI = {
  tabs: { overview: 'Overview', findings: 'Findings', audit: 'Audit', policy: 'Policy' },
  buttons: {
    openPerson: 'Open person',
    previewFix: 'Preview fix',
    backToFindings: 'Back to findings',
    apply: 'Apply',
    cancel: 'Cancel',
    close: 'Close',
    undo: 'Undo',
    /** Forge's consent step (local/preview/renderer/consent.tsx), before a user has allowed the app access. */
    allowAccess: 'Allow access',
    search: 'Search',
    clearFilters: 'Clear filters',
  },
  /** The findings search field's label, and the empty table's heading when nothing matches. */
  search: { label: SEARCH_LABEL, noMatch: NO_MATCH_HEADER },
  /** The consent step's heading: the app's name (the manifest's module title) needs permission. */
  consentTitle: 'Identity Reconciler needs your permission',
  /** The person card's diagnosis heading. */
  diagnosis: 'Diagnosis',
  /** The Audit tab's confirmation after an undo. */
  undoneTitle: 'Undone',
  codes: CODE_LABEL,
  outcomes: OUTCOME_LABEL,
  /** The Audit tab with no entry the viewer may see. */
  auditEmpty: 'Nothing applied yet',
  /**
   * A step the clicking admin may not make themselves (group membership: writes run as them, and only a
   * site admin may change a group): the preview's notice title, the step's lozenge and its explanation.
   */
  needsJiraAdmin: VIEWER_BLOCK_LABEL['needs-site-admin'],
  /** What a person without the panel's admin right is told (AUTH.FORBIDDEN, worded per panel). */
  forbidden: (audience: Audience): string => nextStep({ code: 'AUTH.FORBIDDEN', message: '' }, audience),
} as const;

/** Host page (local/preview) controls: test ids of the preview host itself, which this project owns. */
export const HOST = {
  frame: '[data-testid=preview-frame]',
  actionSend: 'preview-action-send',
  clock5m: 'preview-clock-5m',
  log: 'preview-log',
  /** Logged by the host after a control-strip action has been delivered to the app and drained. */
  feedDrained: 'product event(s) read from the change feed',
} as const;

export const panelFrame = (page: Page): FrameLocator => page.frameLocator(HOST.frame);

export const tab = (frame: FrameLocator, name: string): Locator =>
  frame.getByRole('tab', { name, exact: true });

export const button = (scope: FrameLocator | Locator, name: string): Locator =>
  scope.getByRole('button', { name, exact: true });

/** Rows of the findings (or audit) table that contain every one of the texts. */
export const rowWith = (frame: FrameLocator, ...texts: string[]): Locator =>
  texts.reduce((rows, text) => rows.filter({ hasText: text }), frame.getByRole('row'));
