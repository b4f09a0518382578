import { useEffect, useRef, useState } from 'react';
import { Combobox, ComboboxOption, Field } from '@strapi/design-system';
import { useT } from '../utils/useT';

/** One page of a list route's answer, as every plugin list returns it. */
export type RecordPage<T> = {
  data: T[];
  meta: { pagination: { page: number; pageCount: number } };
};

export type RecordComboboxProps<T extends { documentId: string }> = {
  name: string;
  label: string;
  value: string | null;
  onChange: (documentId: string | null, record: T | null) => void;
  /** One page of the records matching the typed text (the list route's `q`). */
  search: (q: string | undefined, page: number) => Promise<RecordPage<T>>;
  /** The chosen record, when it is not on the page shown (set from a URL or a saved form). */
  fetchOne: (documentId: string) => Promise<T>;
  /** The text that says which one: a party with its email, a billing point with its building. */
  labelOf: (record: T) => string;
  placeholder?: string;
  noOptionsMessage?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  size?: 'S' | 'M';
};

/** How long typing must pause before the server is asked: one request a word, not a letter. */
const DEBOUNCE_MS = 250;

/**
 * Picks one record of a list that may hold thousands: the server searches what is
 * typed (the list route's `q`), more pages load as the list is scrolled, and the
 * chosen record keeps its label while it is not among the options shown (it is
 * fetched by id). The lists' first 100 rows in a select could not reach the 101st.
 */
export function RecordCombobox<T extends { documentId: string }>(props: RecordComboboxProps<T>) {
  const t = useT();
  const { search, fetchOne, value } = props;
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<T[]>([]);
  const [page, setPage] = useState(1);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [chosen, setChosen] = useState<T | null>(null);
  // The latest search/fetchOne without making them effect dependencies: pages pass
  // inline arrow functions, and a new function each render must not search again.
  const latest = useRef({ search, fetchOne });
  useEffect(() => {
    latest.current = { search, fetchOne };
  });

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(
      () => {
        latest.current
          .search(query.trim() || undefined, page)
          .then((res) => {
            if (cancelled) return;
            setOptions((current) => (page === 1 ? res.data : [...current, ...res.data]));
            setHasMore(res.meta.pagination.page < res.meta.pagination.pageCount);
          })
          .catch(() => {
            if (cancelled) return;
            if (page === 1) setOptions([]);
            setHasMore(false);
          })
          .finally(() => {
            if (!cancelled) setLoading(false);
          });
      },
      page === 1 ? DEBOUNCE_MS : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, page]);

  const selected =
    (value && chosen?.documentId === value ? chosen : options.find((o) => o.documentId === value)) ?? null;
  const missing = value && !selected ? value : null;
  useEffect(() => {
    if (!missing) return;
    let cancelled = false;
    latest.current
      .fetchOne(missing)
      .then((record) => {
        if (!cancelled) setChosen(record);
      })
      // An id that no longer resolves shows as empty; the form's save says why.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [missing]);

  /** A new search (or page); loading shows until its answer is in. */
  const ask = (nextQuery: string, nextPage: number) => {
    if (nextQuery === query && nextPage === page) return;
    setLoading(true);
    setQuery(nextQuery);
    setPage(nextPage);
  };

  // The chosen record stays an option, so the combobox shows its label on any page.
  const shown =
    selected && !options.some((o) => o.documentId === selected.documentId) ? [selected, ...options] : options;

  return (
    <Field.Root name={props.name} error={props.error} hint={props.hint} required={props.required}>
      <Field.Label>{props.label}</Field.Label>
      <Combobox
        value={value ?? undefined}
        size={props.size}
        disabled={props.disabled}
        loading={loading}
        loadingMessage={t('picker.loading', 'Loading…')}
        placeholder={props.placeholder ?? t('picker.placeholder', 'Type to search')}
        // The server already searched: the combobox must not filter its answer again
        // by "starts with what was typed" (a code typed in the middle would vanish).
        autocomplete="none"
        hasMoreItems={hasMore}
        onLoadMore={() => {
          if (!loading && hasMore) ask(query, page + 1);
        }}
        onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => {
          ask(e.target.value, 1);
        }}
        onChange={(id?: string) => {
          const record = shown.find((o) => o.documentId === id) ?? null;
          setChosen(record);
          props.onChange(id ?? null, record);
        }}
        onClear={() => {
          setChosen(null);
          ask('', 1);
          props.onChange(null, null);
        }}
        clearLabel={t('picker.clear', 'Clear')}
        noOptionsMessage={() => props.noOptionsMessage ?? t('picker.none', 'Nothing matches what was typed')}
      >
        {shown.map((record) => (
          <ComboboxOption key={record.documentId} value={record.documentId}>
            {props.labelOf(record)}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
