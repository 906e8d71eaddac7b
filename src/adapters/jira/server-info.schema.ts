/** GET /rest/api/3/serverInfo (`getServerInfo`): `ServerInformation`; base URLs for guided-step deep links. */
import { z } from 'zod';

export const ServerInformationSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  displayUrlServicedeskHelpCenter: z.string().optional(),
  displayUrlConfluence: z.string().optional(),
  serverTitle: z.string().optional(),
});
