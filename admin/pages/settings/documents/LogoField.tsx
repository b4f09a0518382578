import type { ComponentType } from 'react';
import { useEffect, useState } from 'react';
import { Button, Field, Flex, Typography } from '@strapi/design-system';
import { Cross, Image } from '@strapi/icons';
import { useStrapiApp } from '@strapi/strapi/admin';
import { useDocumentsApi } from '../../../api/documents-client';
import { useT } from '../../../utils/useT';

type PickedFile = { id: number; name: string; url: string; mime?: string };

/** The media library's own dialog (registered by the upload plugin as the "media-library" component). */
type MediaLibraryDialogProps = {
  allowedTypes?: string[];
  multiple?: boolean;
  onClose: () => void;
  onSelectAssets: (files: PickedFile[]) => void;
};

/**
 * The issuer's logo: an image chosen (or uploaded) in Strapi's media library,
 * stored by its file id; the server accepts PNG and JPEG (what the PDF can embed).
 * Without the upload plugin there is no picker, and the field says so.
 */
export function LogoField(props: {
  fileId: number | null;
  inheritedId: number | null;
  disabled: boolean;
  error?: string;
  onChange: (id: number | null) => void;
}) {
  const t = useT();
  const api = useDocumentsApi();
  const [picking, setPicking] = useState(false);
  const [file, setFile] = useState<PickedFile | null>(null);
  const components = useStrapiApp('LogoField', (state) => state.components);
  const MediaLibraryDialog = components['media-library'] as
    ComponentType<MediaLibraryDialogProps> | undefined;
  const shownId = props.fileId ?? props.inheritedId;

  useEffect(() => {
    if (shownId === null || file?.id === shownId) return;
    let current = true;
    void api.mediaFile(shownId).then((found) => current && setFile(found));
    return () => {
      current = false;
    };
  }, [api, shownId, file?.id]);

  const name =
    file && file.id === shownId ? file.name : t('documents.logo.file', 'File {id}', { id: shownId ?? '' });
  return (
    <Field.Root
      name="logoFileId"
      error={props.error}
      hint={t('documents.logo.hint', 'A PNG or JPEG image, printed at the top of every document')}
    >
      <Field.Label>{t('documents.logo.label', 'Logo')}</Field.Label>
      <Flex gap={3} alignItems="center">
        {shownId !== null && file?.id === shownId && file.url && (
          <img src={file.url} alt={file.name} style={{ maxHeight: 48, maxWidth: 160 }} />
        )}
        <Typography textColor={shownId === null ? 'neutral600' : undefined}>
          {shownId === null
            ? t('documents.logo.none', 'No logo')
            : props.fileId === null
              ? t('documents.inherited', 'Inherited: {value}', { value: name })
              : name}
        </Typography>
        {!props.disabled && MediaLibraryDialog && (
          <Button variant="secondary" startIcon={<Image />} onClick={() => setPicking(true)}>
            {props.fileId === null
              ? t('documents.logo.choose', 'Choose from the media library')
              : t('documents.logo.replace', 'Replace logo')}
          </Button>
        )}
        {!props.disabled && props.fileId !== null && (
          <Button variant="tertiary" startIcon={<Cross />} onClick={() => props.onChange(null)}>
            {t('documents.logo.remove', 'Remove logo')}
          </Button>
        )}
      </Flex>
      {!MediaLibraryDialog && (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'documents.logo.no-library',
            'The media library (upload plugin) is not installed: no logo can be chosen.',
          )}
        </Typography>
      )}
      <Field.Hint />
      <Field.Error />
      {picking && MediaLibraryDialog && (
        <MediaLibraryDialog
          allowedTypes={['images']}
          multiple={false}
          onClose={() => setPicking(false)}
          onSelectAssets={(files) => {
            const picked = files[0];
            if (picked) {
              setFile(picked);
              props.onChange(picked.id);
            }
            setPicking(false);
          }}
        />
      )}
    </Field.Root>
  );
}
