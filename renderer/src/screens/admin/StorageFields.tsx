// Storage fields of the create-team form: a folder of the instance's bucket, or the team's
// own bucket on S3, GCS or Azure with the fields that provider needs.
import { useTranslation } from 'react-i18next';

import { Field, RadioGroup } from '../../components/ui';
import type { Provider, TeamFormValues } from './team-form';

const PROVIDERS: Provider[] = ['s3', 'gcs', 'azure'];

interface StorageFieldsProps {
  form: TeamFormValues;
  onChange: (form: TeamFormValues) => void;
}

export function StorageFields({ form, onChange }: StorageFieldsProps) {
  const { t } = useTranslation();
  const text = (
    field: keyof TeamFormValues,
    label: string,
    options: { required?: boolean; hint?: string; placeholder?: string } = {},
  ) => (
    <Field label={label} hint={options.hint}>
      <input
        required={options.required}
        placeholder={options.placeholder}
        value={form[field]}
        onChange={(event) => onChange({ ...form, [field]: event.target.value })}
      />
    </Field>
  );

  return (
    <RadioGroup
      legend={t('admin.storage')}
      name="level"
      value={form.level}
      onChange={(level) => onChange({ ...form, level })}
      options={[
        { value: 'TEAM', label: t('admin.levelTeam') },
        { value: 'INSTANCE', label: t('admin.levelInstance') },
      ]}
    >
      {form.level === 'TEAM' && (
        <>
          <Field label={t('admin.provider')}>
            <select
              value={form.provider}
              onChange={(event) => onChange({ ...form, provider: event.target.value as Provider })}
            >
              {PROVIDERS.map((provider) => (
                <option key={provider} value={provider}>
                  {t(`teams.provider.${provider}`)}
                </option>
              ))}
            </select>
          </Field>

          {form.provider === 'azure' ? (
            <>
              {text('account', t('admin.account'), { hint: t('admin.accountHint') })}
              {text('container', t('admin.container'), { required: true })}
            </>
          ) : (
            text('bucket', t('admin.bucket'), { required: true })
          )}
          {text('path', t('admin.path'), { hint: t('admin.pathHint') })}
          {form.provider === 's3' &&
            text('kmsKeyId', t('admin.kmsKey'), {
              hint: t('admin.kmsKeyHint'),
              placeholder: 'arn:aws:kms:…',
            })}
          {form.provider === 'azure' && (
            <>
              {text('azureTenantId', t('admin.tenantId'), {
                placeholder: '00000000-0000-0000-0000-000000000000',
              })}
              {text('azureClientId', t('admin.clientId'), {
                hint: t('admin.identityHint'),
                placeholder: '00000000-0000-0000-0000-000000000000',
              })}
            </>
          )}
        </>
      )}
    </RadioGroup>
  );
}
