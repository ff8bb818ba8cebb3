/**
 * The inventory toolbar: scan or cancel, add an organisation, verdict filter, sort, export, batch emails, "Copy
 * what Entra answered" for the whole scan, and search. Everything works while a scan runs; only Scan itself
 * turns into Cancel.
 */
import {
  Button,
  Dialog,
  Field,
  Input,
  Menu,
  MenuButton,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuItemCheckbox,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  SearchBox,
  Spinner,
  Toolbar,
  ToolbarDivider,
  Tooltip,
  makeStyles,
  tokens,
  type MenuProps,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowDownloadRegular,
  ArrowSortRegular,
  ArrowSyncRegular,
  ClipboardCodeRegular,
  DismissCircleRegular,
  FilterRegular,
  KeyResetRegular,
  LaptopShieldRegular,
  MailArrowUpRegular,
  MoreHorizontalRegular,
  StopRegular,
} from '@fluentui/react-icons';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isTenantQuery } from '../../../shared/identifiers';
import type { EmailKind, TenantRecord } from '../../../shared/model';
import { scanRunning } from '../../../shared/scan-view';
import type { SortKey } from '../inventory-query';
import { useApp, useAppStoreApi } from '../store-context';
import { entriesOf, summaryOf, trustCandidateCountOf } from '../views-of-state';
import { VERDICT_KEYS, emailCandidates, verdictRule, type VerdictKey } from '../../../shared/verdicts';
import { entryKeyForTenant } from '../../../shared/entry-keys';
import { EmailBatchDialog } from './email-batch-dialog';
import { VERDICT_ICONS } from './icons';
import { DialogFrame } from './dialog-frame';
import { cardSurface } from '../layout';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '8px',
    padding: '4px 6px',
    ...cardSurface(tokens.shadow2),
  },
  toolbar: { flexWrap: 'wrap', gap: '2px', flex: '0 1 auto' },
  // Its basis is small so that it shares the toolbar's line and grows into what is left.
  search: { flex: '1 1 180px', minWidth: '160px', maxWidth: '300px' },
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
});

const NO_TENANTS: TenantRecord[] = [];

const SORT_LABELS: Record<SortKey, string> = { name: 'Name', verdict: 'Verdict', checked: 'Last checked' };

export function InventoryToolbar({
  counts,
  compact = false,
}: {
  /** Organisations per verdict: the Filter menu shows them (on small windows it stands in for the chips). */
  counts?: Readonly<Record<VerdictKey, number>>;
  /** Small windows: the secondary actions fold into one "More" menu. */
  compact?: boolean;
}) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { scanning, query, candidates, guests, canScan, tenants, entries, accountId } = useApp(
    useShallow((s) => ({
      tenants: s.snapshot?.tenants ?? NO_TENANTS,
      entries: entriesOf(s),
      accountId: s.activeAccountId,
      scanning: scanRunning(s.snapshot?.scan, s.backend.reachable),
      query: s.query,
      canScan: s.activeAccountId !== null && s.backend.reachable,
      guests: summaryOf(s).total,
      // The same rule as the saved batch and the drawer's "Request trust" (shared/verdicts.ts).
      candidates: trustCandidateCountOf(s),
    })),
  );
  const filterChecked: MenuProps['checkedValues'] = { verdict: query.verdicts };
  const sortChecked: MenuProps['checkedValues'] = { sort: [query.sort], direction: [query.direction] };
  const setQuery = store.getState().setQuery;
  const [batch, setBatch] = useState<EmailKind | null>(null);
  // How many emails each batch saves: the tenants whose drawer offers that email (shared/verdicts.ts), as main's
  // batch counts them.
  const batchCount = useMemo(() => {
    const status = new Map(entries.map((e) => [e.key, e.status]));
    const count = (kind: EmailKind) =>
      emailCandidates(tenants, accountId, kind, (t) => status.get(entryKeyForTenant(t.accountId, t.tenantId)) ?? null)
        .length;
    return { device: count('device-trust'), reset: count('mfa-reset') };
  }, [tenants, entries, accountId]);
  const [adding, setAdding] = useState(false);
  const copyDiagnostics = () => void store.getState().copyDiagnostics();
  // The inventory as a file, and the request emails as .eml files: one menu.
  // In the compact toolbar's one menu and in the wide toolbar's More menu.
  const diagnosticsItem = (
    <MenuItem
      icon={<ClipboardCodeRegular />}
      disabled={!canScan}
      onClick={copyDiagnostics}
      data-testid="copy-scan-diagnostics"
      // What it copies, as a line under the name (a short word at the right edge read like a status).
      subText="Error texts, codes and times for your IT; never a sign-in token"
    >
      Copy what Entra answered
    </MenuItem>
  );
  const exportItems = (
    <>
      <MenuGroup>
        <MenuGroupHeader>The inventory</MenuGroupHeader>
        <MenuItem
          icon={<ArrowDownloadRegular />}
          disabled={guests === 0}
          onClick={() => void store.getState().exportInventory('csv')}
        >
          CSV file (Excel)
        </MenuItem>
        <MenuItem disabled={guests === 0} onClick={() => void store.getState().exportInventory('json')}>
          JSON file
        </MenuItem>
      </MenuGroup>
      <MenuDivider />
      <MenuGroup>
        <MenuGroupHeader>Request emails</MenuGroupHeader>
        <MenuItem icon={<MailArrowUpRegular />} disabled={candidates === 0} onClick={() => setBatch('trust-request')}>
          Save trust requests ({candidates}) as .eml files…
        </MenuItem>
        {batchCount.device > 0 && (
          <MenuItem icon={<LaptopShieldRegular />} onClick={() => setBatch('device-trust')}>
            Save device-trust requests ({batchCount.device}) as .eml files…
          </MenuItem>
        )}
        <MenuItem icon={<KeyResetRegular />} disabled={batchCount.reset === 0} onClick={() => setBatch('mfa-reset')}>
          Save MFA reset requests ({batchCount.reset}) as .eml files…
        </MenuItem>
      </MenuGroup>
    </>
  );

  return (
    <div className={`${styles.bar} no-print`}>
      <Toolbar aria-label="Inventory actions" className={styles.toolbar} size="medium">
        {scanning ? (
          <Button
            appearance="primary"
            icon={<StopRegular />}
            onClick={() => void store.getState().cancelScan()}
            data-testid="cancel-scan"
          >
            Cancel scan
          </Button>
        ) : (
          <Button
            appearance="primary"
            icon={<ArrowSyncRegular />}
            disabled={!canScan}
            onClick={() => void store.getState().startScan()}
            data-testid="start-scan"
          >
            Scan now
          </Button>
        )}
        {!compact && (
          <Button appearance="subtle" icon={<AddRegular />} onClick={() => setAdding(true)}>
            Add organisation
          </Button>
        )}
        <ToolbarDivider />
        <Menu
          checkedValues={filterChecked}
          onCheckedValueChange={(_, data) => {
            if (data.name === 'verdict') setQuery({ verdicts: data.checkedItems as VerdictKey[] });
          }}
        >
          <MenuTrigger disableButtonEnhancement>
            <MenuButton appearance="subtle" icon={<FilterRegular />}>
              {query.verdicts.length > 0 ? `Filter (${query.verdicts.length})` : 'Filter'}
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuGroup>
                <MenuGroupHeader>Show verdicts</MenuGroupHeader>
                {VERDICT_KEYS.map((key) => {
                  const Icon = VERDICT_ICONS[key];
                  return (
                    <MenuItemCheckbox
                      key={key}
                      name="verdict"
                      value={key}
                      icon={<Icon />}
                      secondaryContent={counts ? String(counts[key]) : undefined}
                    >
                      {verdictRule(key).label}
                    </MenuItemCheckbox>
                  );
                })}
              </MenuGroup>
              <MenuDivider />
              <MenuItem
                icon={<DismissCircleRegular />}
                disabled={query.verdicts.length === 0}
                onClick={() => setQuery({ verdicts: [] })}
              >
                Show all
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
        <Menu
          checkedValues={sortChecked}
          onCheckedValueChange={(_, data) => {
            const value = data.checkedItems[0];
            if (data.name === 'sort' && value) setQuery({ sort: value as SortKey });
            if (data.name === 'direction' && value) setQuery({ direction: value as 'ascending' | 'descending' });
          }}
        >
          <MenuTrigger disableButtonEnhancement>
            <MenuButton appearance="subtle" icon={<ArrowSortRegular />}>
              Sort: {SORT_LABELS[query.sort]}
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuGroup>
                <MenuGroupHeader>Sort by</MenuGroupHeader>
                {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
                  <MenuItemRadio key={key} name="sort" value={key}>
                    {SORT_LABELS[key]}
                  </MenuItemRadio>
                ))}
              </MenuGroup>
              <MenuDivider />
              <MenuGroup>
                <MenuGroupHeader>Order</MenuGroupHeader>
                <MenuItemRadio name="direction" value="ascending">
                  {query.sort === 'checked' ? 'Newest first' : query.sort === 'name' ? 'A to Z' : 'Most urgent first'}
                </MenuItemRadio>
                <MenuItemRadio name="direction" value="descending">
                  {query.sort === 'checked' ? 'Oldest first' : query.sort === 'name' ? 'Z to A' : 'Least urgent first'}
                </MenuItemRadio>
              </MenuGroup>
            </MenuList>
          </MenuPopover>
        </Menu>
        {compact ? (
          <MoreActionsMenu>
            <MenuItem icon={<AddRegular />} onClick={() => setAdding(true)}>
              Add organisation…
            </MenuItem>
            <MenuDivider />
            {exportItems}
            <MenuDivider />
            {diagnosticsItem}
          </MoreActionsMenu>
        ) : (
          <>
            <Menu>
              <MenuTrigger disableButtonEnhancement>
                <MenuButton appearance="subtle" icon={<ArrowDownloadRegular />} disabled={guests === 0}>
                  Export
                </MenuButton>
              </MenuTrigger>
              <MenuPopover>
                <MenuList>{exportItems}</MenuList>
              </MenuPopover>
            </Menu>
            <MoreActionsMenu>{diagnosticsItem}</MoreActionsMenu>
          </>
        )}
      </Toolbar>
      <InventorySearch />
      <EmailBatchDialog kind={batch} onClose={() => setBatch(null)} />
      <AddTenantDialog open={adding} onOpenChange={setAdding} />
    </div>
  );
}

/** Search by name, domain or tenant id; kept in the store so it survives switching views. */
/** The toolbar's "More actions" menu (`…`), holding whatever the window's width leaves out of the toolbar. */
function MoreActionsMenu({ children }: { children: ReactNode }) {
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Tooltip content="More actions" relationship="label">
          <MenuButton appearance="subtle" icon={<MoreHorizontalRegular />} data-testid="toolbar-more" />
        </Tooltip>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>{children}</MenuList>
      </MenuPopover>
    </Menu>
  );
}

export function InventorySearch() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const search = useApp((s) => s.query.search);
  return (
    <SearchBox
      className={styles.search}
      placeholder="Search name, domain or id"
      aria-label="Search organisations by name, domain or tenant id"
      value={search}
      onChange={(_, data) => store.getState().setQuery({ search: data.value })}
    />
  );
}

/** "Add organisation": by one of its domains or its tenant id, checked here and again in main. */
function AddTenantDialog({ open, onOpenChange: setOpen }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const query = value.trim();
    if (!isTenantQuery(query)) {
      setError('Enter a domain such as fabrikam.com, or a tenant id such as 00000000-0000-0000-0000-000000000000.');
      return;
    }
    setBusy(true);
    const result = await store.getState().addTenant(query);
    setBusy(false);
    if (result.ok) {
      setOpen(false);
      setValue('');
      setError(null);
    } else setError(result.error.message);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        setOpen(data.open);
        if (!data.open) setError(null);
      }}
    >
      <DialogFrame
        title="Add an organisation"
        onSubmit={(e) => void submit(e)}
        contentClassName={styles.form}
        cancel
        actions={
          <Button
            appearance="primary"
            type="submit"
            disabled={busy || value.trim() === ''}
            icon={busy ? <Spinner size="tiny" aria-label="Adding" /> : undefined}
          >
            Add
          </Button>
        }
      >
        For an organisation the tenant list does not show, for example one whose invitation you have not accepted yet.
        The next scan checks it.
        <Field
          label="Domain or tenant id"
          required
          validationState={error ? 'error' : 'none'}
          validationMessage={error ?? undefined}
          hint="For example fabrikam.com"
        >
          <Input
            value={value}
            autoFocus
            onChange={(_, data) => {
              setValue(data.value);
              setError(null);
            }}
          />
        </Field>
      </DialogFrame>
    </Dialog>
  );
}
