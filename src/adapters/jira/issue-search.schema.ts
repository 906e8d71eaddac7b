/** GET /rest/api/3/search/jql (`searchAndReconsileIssuesUsingJql`) with `fields=reporter,project`. */
import { z } from 'zod';

export const SearchAndReconcileResultsSchema = z.object({
  issues: z.array(
    z.object({
      id: z.string(),
      fields: z
        .object({
          reporter: z.object({ accountId: z.string() }).nullable().optional(),
          project: z.object({ id: z.string(), key: z.string().optional() }).optional(),
        })
        .optional(),
    }),
  ),
  isLast: z.boolean().optional(),
  nextPageToken: z.string().optional(),
});
