// Fixture UI Kit gallery: one of every component the preview maps, plus interactions whose results are
// echoed as text (so a browser test can prove events reach the app and the app re-renders), and one Icon,
// which the preview does not map (it must show up as a visible "unsupported" box).
import React, { useState } from 'react';
import ForgeReconciler, {
  Badge,
  BarChart,
  Box,
  Button,
  ButtonGroup,
  Checkbox,
  DonutChart,
  DynamicTable,
  EmptyState,
  ErrorMessage,
  Form,
  Heading,
  HelperMessage,
  Icon,
  Inline,
  Label,
  Link,
  LinkButton,
  LoadingButton,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  Pagination,
  PieChart,
  ProgressBar,
  RequiredAsterisk,
  SectionMessage,
  SectionMessageAction,
  Select,
  Spinner,
  Stack,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Tag,
  TagGroup,
  Text,
  TextArea,
  Textfield,
  Toggle,
  Tooltip,
  User,
  xcss,
} from '@forge/react';

const card = xcss({
  padding: 'space.200',
  backgroundColor: 'color.background.neutral',
  borderRadius: 'radius.small',
});
const counts = [
  { code: 'DUPLICATE', severity: 'high', n: 4 },
  { code: 'GUEST_TWIN', severity: 'medium', n: 2 },
  { code: 'NO_ROLE', severity: 'low', n: 5 },
];

const Gallery = (props: { adminAccountId: string }): React.JSX.Element => {
  const [text, setText] = useState('');
  const [notes, setNotes] = useState('');
  const [on, setOn] = useState(false);
  const [checked, setChecked] = useState(false);
  const [choice, setChoice] = useState('none');
  const [page, setPage] = useState(1);
  const [tab, setTab] = useState(0);
  const [open, setOpen] = useState(false);
  const [submitted, setSubmitted] = useState(0);
  return (
    <Stack space="space.200">
      <Heading size="large">Gallery</Heading>
      <Text>{`echo text=${text} notes=${notes} toggle=${String(on)} checkbox=${String(checked)} select=${choice} page=${page} tab=${tab} submitted=${submitted}`}</Text>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Lozenge appearance="success">linked</Lozenge>
        <Lozenge appearance="removed" isBold>
          conflict
        </Lozenge>
        <Badge appearance="important">{7}</Badge>
        <Tag text="guest" color="blue" />
        <User accountId={props.adminAccountId} />
        <Tooltip content="A helpful tooltip">
          <Text>hover me</Text>
        </Tooltip>
        <Icon glyph="info" label="Info" />
      </Inline>
      <TagGroup>
        <Tag text="customer" />
        <Tag text="staff" />
      </TagGroup>
      <Box xcss={card}>
        <Text>Box with xcss</Text>
      </Box>
      <SectionMessage appearance="warning" title="Two accounts share an email">
        <Text>Grace has a portal-only account and a guest account.</Text>
        <SectionMessageAction href="https://example.com/docs">Read more</SectionMessageAction>
      </SectionMessage>
      <ButtonGroup>
        <Button appearance="primary" onClick={() => setOpen(true)} testId="open-modal">
          Preview plan
        </Button>
        <LoadingButton isLoading appearance="default">
          Applying
        </LoadingButton>
        <LinkButton href="https://example.com/help">Help</LinkButton>
      </ButtonGroup>
      <Link href="https://example.com/audit">Audit log</Link>
      <Spinner size="medium" label="Loading" />
      <ProgressBar value={0.4} ariaLabel="Scan progress" />
      <Tabs id="gallery-tabs" onChange={(i: number) => setTab(i)}>
        <TabList>
          <Tab>Findings</Tab>
          <Tab>Audit</Tab>
        </TabList>
        <TabPanel>
          <DynamicTable
            head={{
              cells: [
                { key: 'code', content: 'Code' },
                { key: 'n', content: 'Count' },
              ],
            }}
            rows={counts.map((c) => ({
              key: c.code,
              cells: [
                { key: 'code', content: c.code },
                { key: 'n', content: String(c.n) },
              ],
            }))}
          />
        </TabPanel>
        <TabPanel>
          <EmptyState header="No audit entries yet" description="Apply a plan to see it here." />
        </TabPanel>
      </Tabs>
      <Form onSubmit={() => setSubmitted((n) => n + 1)}>
        <Stack space="space.100">
          <Label labelFor="search">
            Search by email
            <RequiredAsterisk />
          </Label>
          <Textfield
            id="search"
            testId="gallery-textfield"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <HelperMessage>Exact email, case-insensitive.</HelperMessage>
          {text === 'bad' && <ErrorMessage>That is not an email.</ErrorMessage>}
          <TextArea testId="gallery-textarea" onChange={(e) => setNotes(e.target.value)} />
          <Toggle id="gallery-toggle" isChecked={on} onChange={() => setOn(!on)} label="Auto-apply" />
          <Checkbox
            label="Include guests"
            isChecked={checked}
            onChange={() => setChecked(!checked)}
            testId="gallery-checkbox"
          />
          <Select
            inputId="gallery-select"
            options={[
              { label: 'High', value: 'high' },
              { label: 'Low', value: 'low' },
            ]}
            onChange={(o: { value: string } | null) => setChoice(o?.value ?? 'none')}
          />
          <Button type="submit" testId="gallery-submit">
            Search
          </Button>
        </Stack>
      </Form>
      <Pagination pages={[1, 2, 3]} onChange={(_e: unknown, p: unknown) => setPage(Number(p))} />
      <Inline space="space.300" shouldWrap>
        <BarChart data={counts} xAccessor="code" yAccessor="n" title="Findings by code" />
        <DonutChart
          data={counts}
          colorAccessor="code"
          labelAccessor="code"
          valueAccessor="n"
          title="By code"
        />
        <PieChart
          data={counts}
          colorAccessor="severity"
          labelAccessor="severity"
          valueAccessor="n"
          title="By severity"
        />
      </Inline>
      <ModalTransition>
        {open && (
          <Modal onClose={() => setOpen(false)}>
            <ModalHeader>
              <ModalTitle>Plan preview</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>Remove the guest twin from confluence-guests.</Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setOpen(false)} testId="close-modal">
                Cancel
              </Button>
            </ModalFooter>
          </Modal>
        )}
      </ModalTransition>
    </Stack>
  );
};

const App = (): React.JSX.Element => {
  // The site admin of the fixture site (test/browser/support/fixture-site.ts).
  return <Gallery adminAccountId="5b10ac8d82e05b22cc7d4ef5" />;
};

ForgeReconciler.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
