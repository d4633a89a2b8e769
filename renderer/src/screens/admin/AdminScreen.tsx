// Admin: create a team with its storage. The platform checks the bucket and returns what
// stopped the creation as errors and what to fix as warnings. Both show below the form in the
// UI's language, with the platform's English message as the detail.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { CreateTeamResult, ValidationIssue } from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { ErrorNotice, Field } from '../../components/ui';
import { useAction } from '../../hooks/requests';
import { explainValidationIssue } from '../../i18n/validation-issue';
import { StorageFields } from './StorageFields';
import { EMPTY_TEAM_FORM, requestOf, type TeamFormValues } from './team-form';

export function AdminScreen({ onTeamCreated }: { onTeamCreated: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [form, setForm] = useState<TeamFormValues>(EMPTY_TEAM_FORM);
  const [result, setResult] = useState<CreateTeamResult | null>(null);
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const created = await run(() => request(bridge.admin.createTeam(requestOf(form))));
    if (created === undefined) return;
    setResult(created);
    if (created.team !== null) onTeamCreated();
  };

  return (
    <main className="admin" aria-labelledby="admin-heading">
      <h1 id="admin-heading">{t('admin.heading')}</h1>
      <form
        className="card"
        onSubmit={(event) => void submit(event)}
        aria-labelledby="admin-form-heading"
      >
        <h2 id="admin-form-heading">{t('admin.createTeam')}</h2>
        <Field label={t('admin.teamName')}>
          <input
            required
            value={form.teamName}
            onChange={(event) => setForm({ ...form, teamName: event.target.value })}
          />
        </Field>

        <StorageFields form={form} onChange={setForm} />

        <Field label={t('admin.members')} hint={t('admin.membersHint')}>
          <textarea
            rows={3}
            value={form.members}
            onChange={(event) => setForm({ ...form, members: event.target.value })}
          />
        </Field>

        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('admin.creating') : t('admin.create')}
        </button>
      </form>

      {error && <ErrorNotice error={error} />}
      {result && <CreateResult result={result} />}
    </main>
  );
}

function CreateResult({ result }: { result: CreateTeamResult }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-label={t('admin.result')}>
      {result.team !== null ? (
        <p role="status" className="notice notice-info">
          {t('admin.created', { team: result.team.name })}
        </p>
      ) : (
        <p role="alert" className="notice notice-error">
          {t('admin.notCreated')}
        </p>
      )}
      <IssueList heading={t('admin.errors')} kind="error" issues={result.errors} />
      <IssueList heading={t('admin.warnings')} kind="warning" issues={result.warnings} />
    </section>
  );
}

function IssueList(props: {
  heading: string;
  kind: 'error' | 'warning';
  issues: ValidationIssue[];
}) {
  if (props.issues.length === 0) return null;
  return (
    <>
      <h3>{props.heading}</h3>
      <ul className={`issues issues-${props.kind}`}>
        {props.issues.map((issue, index) => (
          <IssueItem key={index} issue={issue} />
        ))}
      </ul>
    </>
  );
}

/** Shows one finding in the UI language, with the platform message as detail unless they match. */
function IssueItem({ issue }: { issue: ValidationIssue }) {
  const { t } = useTranslation();
  const text = explainValidationIssue(t, issue);
  return (
    <li>
      <span>{text}</span>
      {text !== issue.message && (
        <details>
          <summary>{t('errors.details')}</summary>
          <code>{issue.message}</code>
        </details>
      )}
    </li>
  );
}
