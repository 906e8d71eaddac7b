/**
 * PlanStore: plans in the Custom Entity Store `plan`; each plan's application record in KVS, created with
 * FAIL_IF_EXISTS so two clicks or a replayed job cannot both start applying the same plan.
 */
import type { Plan } from '../../core/model';
import type { PlanApplication, PlanStore } from '../../core/ports';
import { ENTITY_KEYS, KEYS } from './keys';
import { createIfAbsent, readEntity, readValue, writeEntity, writeValue } from './kvs-io';
import { PLAN_ENTITY, PlanApplicationRecordSchema, PlanRecordSchema, type PlanRecord } from './plan.schema';

/** Who made a plan is not part of the port; plans are recorded under the app until it is. */
const UNKNOWN_CREATOR = 'app';

const applicationRecord = (application: PlanApplication) =>
  PlanApplicationRecordSchema.parse({ schemaVersion: 1, ...structuredClone(application) });

export const createPlanStore = (): PlanStore => {
  const readRecord = (planId: string): Promise<PlanRecord | null> =>
    readEntity(PLAN_ENTITY, ENTITY_KEYS.plan(planId), PlanRecordSchema);

  const setStatus = async (application: PlanApplication): Promise<void> => {
    const record = await readRecord(application.planId);
    if (record === null) return;
    await writeEntity(PLAN_ENTITY, ENTITY_KEYS.plan(application.planId), {
      ...record,
      status: application.status,
      appliedThrough: Math.min(
        record.plan.actions.length,
        application.auditIds.length + (application.failed === null ? 0 : 1),
      ),
    });
  };

  return {
    async put(plan: Plan) {
      const record: PlanRecord = PlanRecordSchema.parse({
        schemaVersion: 1,
        planId: plan.id,
        status: 'previewed',
        createdAt: plan.createdAt,
        createdBy: UNKNOWN_CREATOR,
        scopeType: 'site',
        scopeId: '',
        appliedThrough: 0,
        plan: structuredClone(plan),
      });
      await writeEntity(PLAN_ENTITY, ENTITY_KEYS.plan(plan.id), record);
    },

    async get(planId) {
      return (await readRecord(planId))?.plan ?? null;
    },

    async startApplication(application) {
      const started = await createIfAbsent(
        KEYS.planApplication(application.planId),
        applicationRecord(application),
      );
      if (started) await setStatus(application);
      return started;
    },

    async saveApplication(application) {
      await writeValue(KEYS.planApplication(application.planId), applicationRecord(application));
      await setStatus(application);
    },

    async getApplication(planId) {
      const record = await readValue(KEYS.planApplication(planId), PlanApplicationRecordSchema);
      if (record === null) return null;
      const { schemaVersion: _version, ...application } = record;
      return application;
    },
  };
};
