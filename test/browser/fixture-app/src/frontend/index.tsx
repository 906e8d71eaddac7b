// Fixture UI Kit panel: who the resolver sees, a table of requests with lozenges and an Approve button.
import React, { useEffect, useState } from 'react';
import ForgeReconciler, {
  Badge,
  Button,
  DynamicTable,
  Heading,
  Inline,
  Lozenge,
  SectionMessage,
  Spinner,
  Stack,
  Text,
  useProductContext,
} from '@forge/react';
import { invoke, showFlag } from '@forge/bridge';

interface Row {
  id: string;
  name: string;
  status: 'PENDING' | 'APPROVED';
  approvedBy?: string;
}
interface Me {
  accountId: string;
  siteSaysAccountId: string | null;
  displayName: string | null;
  extension: { type?: string; project?: { key?: string }; space?: { key?: string } };
}

const App = (): React.JSX.Element => {
  const context = useProductContext();
  const [me, setMe] = useState<Me | null>(null);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    invoke<Me>('whoAmI').then(
      (v) => setMe(v as Me),
      (e: Error) => setError(e.message),
    );
    invoke<Row[]>('listRows').then(
      (v) => setRows(v as Row[]),
      (e: Error) => setError(e.message),
    );
  }, []);

  const approve = async (id: string): Promise<void> => {
    setRows((await invoke<Row[]>('approve', { id })) as Row[]);
    showFlag({ id: `approved-${id}`, title: 'Request approved', type: 'success', isAutoDismiss: false });
  };
  const where = me?.extension.project?.key ?? me?.extension.space?.key ?? 'site';
  const approved = rows?.filter((r) => r.status === 'APPROVED').length ?? 0;

  return (
    <Stack space="space.200">
      <Heading size="medium">Fixture requests</Heading>
      <Text>
        {me ? `Resolver sees ${me.displayName ?? '?'} (${me.accountId}) in ${where}` : 'Asking the resolver…'}
      </Text>
      <Text>{`Context module: ${context?.moduleKey ?? '…'}`}</Text>
      {error !== null && (
        <SectionMessage appearance="error" title="The resolver failed">
          <Text>{error}</Text>
        </SectionMessage>
      )}
      {rows === null ? (
        <Spinner label="Loading requests" />
      ) : (
        <DynamicTable
          caption="Requests"
          head={{
            cells: [
              { key: 'name', content: 'Name', isSortable: true },
              { key: 'status', content: 'Status' },
              { key: 'by', content: 'Approved by' },
              { key: 'action', content: '' },
            ],
          }}
          rows={rows.map((r) => ({
            key: r.id,
            cells: [
              { key: r.name, content: r.name },
              {
                key: 'status',
                content: (
                  <Lozenge appearance={r.status === 'APPROVED' ? 'success' : 'inprogress'}>
                    {r.status}
                  </Lozenge>
                ),
              },
              { key: 'by', content: r.approvedBy ?? '—' },
              {
                key: 'action',
                content: (
                  <Button
                    appearance="primary"
                    testId={`approve-${r.id}`}
                    isDisabled={r.status === 'APPROVED'}
                    onClick={() => void approve(r.id)}
                  >
                    Approve
                  </Button>
                ),
              },
            ],
          }))}
        />
      )}
      <Inline space="space.100" alignBlock="center">
        <Badge appearance="primary">{approved}</Badge>
        <Text>approved</Text>
      </Inline>
    </Stack>
  );
};

ForgeReconciler.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
