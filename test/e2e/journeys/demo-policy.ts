/** The demo Link policy as the admin page saves it: DEMO_LINKS' HR link plus the IT desk's knowledge base. */
import { DEMO_DESKS, DEMO_GROUP_IDS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';

export const DEMO_POLICY = {
  links: [
    {
      id: 'hr-link',
      deskId: DEMO_DESKS.hr,
      spaceKeys: ['HRKB'],
      groupIds: [DEMO_GROUP_IDS.hrKbPartners],
      allowedDomains: ['example.com', 'example.org'],
      autoFix: { customerRole: false, linkedGroupAdd: false },
    },
    {
      id: 'it-link',
      deskId: DEMO_DESKS.it,
      spaceKeys: ['ITKB'],
      groupIds: [],
      allowedDomains: [],
      autoFix: { customerRole: false, linkedGroupAdd: false },
    },
  ],
  protectedAccountIds: [DEMO_IDS.alice],
  blastRadiusThreshold: 10,
};
