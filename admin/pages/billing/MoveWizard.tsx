import { useState } from 'react';
import { Box, Button, Field, Flex, Modal, Radio, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useBillingApi, type BillingPoint, type Occupancy } from '../../api/billing-client';
import { problemText, toApiFailure } from '../../api/errors';
import { DateField } from './fields';
import { PartyCombobox } from '../../components/record-pickers';
import { useT } from '../../utils/useT';
import { nextDay, todayIn, useBillingFormat } from './format';
import { emptyParty, PartyFields, partyBody, type PartyDraft } from './PartyFields';
import { ModalContent } from '../../components/ModalContent';

type Step = 'exit' | 'next' | 'review';
type NextKind = 'none' | 'existing' | 'new';

/**
 * "Register a move": 1. the current occupant's exit date (last day they pay),
 * 2. who comes next — nobody yet (vacancy billed to the owner), an existing
 * party or a new one — and from when (default: the day after the exit),
 * 3. review. The server applies it in one transaction and refuses it (409) if
 * the occupancy changed meanwhile.
 */
export function MoveWizard({
  point,
  occupancies,
  onClose,
  onDone,
}: {
  point: BillingPoint;
  occupancies: Occupancy[];
  onClose: () => void;
  onDone: () => void;
}) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const { formatDate } = useBillingFormat();
  const current = [...occupancies].sort((a, b) => (a.entryDate < b.entryDate ? 1 : -1))[0];
  const [step, setStep] = useState<Step>('exit');
  const [exitDate, setExitDate] = useState(current?.exitDate ?? todayIn(point.building?.timezone ?? 'UTC'));
  const [next, setNext] = useState<NextKind>('new');
  const [party, setParty] = useState<string | null>(null);
  const [partyName, setPartyName] = useState('');
  const [draft, setDraft] = useState<PartyDraft>(emptyParty());
  const [entryDate, setEntryDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const entry = entryDate || (exitDate ? nextDay(exitDate) : '');

  async function submit() {
    setSaving(true);
    setFailure(null);
    setErrors({});
    const body: Record<string, unknown> = { exitDate, occupancy: current.documentId };
    if (next !== 'none')
      body.newOccupant = { party: next === 'existing' ? party : partyBody(draft), entryDate: entry };
    try {
      const result = await api.billingPoints.move(point.documentId, body);
      toggleNotification({
        type: 'success',
        message: result.started
          ? t('billing.move.done-next', '{leaving} leaves after {exit}; {entering} enters on {entry}', {
              leaving: result.ended.party.displayName,
              exit: formatDate(result.ended.exitDate),
              entering: result.started.party.displayName,
              entry: formatDate(result.started.entryDate),
            })
          : t('billing.move.done', '{leaving} leaves after {exit}', {
              leaving: result.ended.party.displayName,
              exit: formatDate(result.ended.exitDate),
            }),
      });
      onDone();
    } catch (error) {
      const f = toApiFailure(error, t);
      // Field problems of the new party come back under newOccupant.party.<field>.
      const fieldErrors: Record<string, string> = {};
      const details =
        (
          error as {
            response?: {
              data?: {
                error?: { details?: { errors?: { path: string[]; message: string; code?: string }[] } };
              };
            };
          }
        ).response?.data?.error?.details?.errors ?? [];
      for (const problem of details)
        fieldErrors[problem.path[problem.path.length - 1]] ??= problemText(problem, t);
      setErrors({ ...f.fieldErrors, ...fieldErrors });
      setFailure(f.message);
    } finally {
      setSaving(false);
    }
  }

  if (!current) return null;
  const who = current.party.displayName;

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <ModalContent>
        <Modal.Header>
          <Modal.Title>
            {t('billing.move.title', 'Register a move at {code}', { code: point.code })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {step === 'exit' && (
            <Box>
              <Typography tag="p">
                {current.exitDate
                  ? t(
                      'billing.move.occupies-booked',
                      '{who} occupies {place} since {entry} (booked to leave after {exit}).',
                      {
                        who,
                        place: point.name,
                        entry: formatDate(current.entryDate),
                        exit: formatDate(current.exitDate),
                      },
                    )
                  : t('billing.move.occupies', '{who} occupies {place} since {entry}.', {
                      who,
                      place: point.name,
                      entry: formatDate(current.entryDate),
                    })}
              </Typography>
              <Box paddingTop={4}>
                <DateField
                  name="exitDate"
                  label={t('billing.move.exit-of', 'Exit date of {who}', { who })}
                  value={exitDate}
                  onChange={setExitDate}
                  error={errors.exitDate}
                  hint={t('billing.move.exit-hint', 'The last day they occupy and pay for')}
                  required
                />
              </Box>
            </Box>
          )}
          {step === 'next' && (
            <Box>
              <Field.Root name="next">
                <Field.Label>{t('billing.move.who-next', 'Who comes next?')}</Field.Label>
                <Radio.Group
                  value={next}
                  onValueChange={(v: string) => setNext(v as NextKind)}
                  aria-label={t('billing.move.next-occupant', 'Next occupant')}
                >
                  <Radio.Item value="new">
                    {t('billing.move.next-new', 'A new occupant (create the party now)')}
                  </Radio.Item>
                  <Radio.Item value="existing">
                    {t('billing.move.next-existing', 'An existing party')}
                  </Radio.Item>
                  <Radio.Item value="none">
                    {t(
                      'billing.move.next-none',
                      'Nobody yet — the billing point is vacant, billed to the owner',
                    )}
                  </Radio.Item>
                </Radio.Group>
              </Field.Root>
              {next === 'existing' && (
                <Box paddingTop={4}>
                  <PartyCombobox
                    name="party"
                    label={t('billing.move.next-occupant', 'Next occupant')}
                    value={party}
                    onChange={setParty}
                    error={errors.party}
                    required
                  />
                </Box>
              )}
              {next === 'new' && (
                <Box paddingTop={4}>
                  <PartyFields draft={draft} onChange={setDraft} errors={errors} prefix="new-" />
                </Box>
              )}
              {next !== 'none' && (
                <Box paddingTop={4}>
                  <DateField
                    name="entryDate"
                    label={t('field.entry-date', 'Entry date')}
                    value={entry}
                    onChange={setEntryDate}
                    error={errors.entryDate}
                    hint={t(
                      'billing.move.entry-hint',
                      'The first day they pay for: {earliest} at the earliest; later leaves a vacancy',
                      {
                        earliest: exitDate
                          ? formatDate(nextDay(exitDate))
                          : t('billing.move.day-after-exit', 'the day after the exit'),
                      },
                    )}
                    required
                  />
                </Box>
              )}
            </Box>
          )}
          {step === 'review' && (
            <Box>
              <Typography tag="p">
                {t('billing.move.review-leaves', '{who} leaves: the last day billed is {exit}.', {
                  who,
                  exit: formatDate(exitDate),
                })}
              </Typography>
              {next === 'none' ? (
                <Typography tag="p">
                  {t(
                    'billing.move.review-vacant',
                    'From {date} the billing point is vacant and billed to {payer}.',
                    {
                      date: formatDate(nextDay(exitDate)),
                      payer: point.vacancyBilledTo?.displayName ?? t('billing.move.the-owner', 'the owner'),
                    },
                  )}
                </Typography>
              ) : (
                <Typography tag="p">
                  {t(
                    'billing.move.review-enters',
                    '{who} enters on {entry}{gap, select, true {; the days between are vacant, billed to {payer}} other {}}.',
                    {
                      who:
                        next === 'existing'
                          ? partyName || t('billing.move.chosen-party', 'The chosen party')
                          : [draft.firstName, draft.lastName].filter(Boolean).join(' ') ||
                            draft.companyName ||
                            t('billing.move.new-party', 'The new party'),
                      entry: formatDate(entry),
                      gap: entry > nextDay(exitDate) ? 'true' : 'false',
                      payer: point.vacancyBilledTo?.displayName ?? t('billing.move.the-owner', 'the owner'),
                    },
                  )}
                </Typography>
              )}
              {failure && (
                <Box paddingTop={4}>
                  <Typography textColor="danger600" data-testid="move-error">
                    {failure}
                  </Typography>
                </Box>
              )}
            </Box>
          )}
        </Modal.Body>
        <Modal.Footer>
          {step === 'exit' ? (
            <Modal.Close>
              <Button variant="tertiary">{t('form.cancel', 'Cancel')}</Button>
            </Modal.Close>
          ) : (
            <Button variant="tertiary" onClick={() => setStep(step === 'review' ? 'next' : 'exit')}>
              {t('billing.move.back', 'Back')}
            </Button>
          )}
          <Flex gap={2}>
            {step === 'exit' && (
              <Button onClick={() => setStep('next')} disabled={!exitDate}>
                {t('pager.next', 'Next')}
              </Button>
            )}
            {step === 'next' && (
              <Button
                onClick={async () => {
                  if (next === 'existing' && party) {
                    try {
                      setPartyName((await api.parties.get(party)).displayName);
                    } catch {
                      setPartyName('');
                    }
                  }
                  setStep('review');
                }}
                disabled={next === 'existing' && !party}
              >
                {t('billing.move.review', 'Review')}
              </Button>
            )}
            {step === 'review' && (
              <Button onClick={submit} loading={saving}>
                {t('billing.move.submit', 'Register the move')}
              </Button>
            )}
          </Flex>
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}
