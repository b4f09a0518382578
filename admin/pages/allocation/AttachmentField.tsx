import type { ComponentType } from 'react';
import { useState } from 'react';
import { Button, Field, Flex, Typography } from '@strapi/design-system';
import { Cross, Paperclip } from '@strapi/icons';
import { useStrapiApp } from '@strapi/strapi/admin';
import type { MediaFile } from '../../api/allocation-client';
import { useT } from '../../utils/useT';

/** The media library's own dialog (registered by the upload plugin as the "media-library" component). */
type MediaLibraryDialogProps = {
  allowedTypes?: string[];
  multiple?: boolean;
  onClose: () => void;
  onSelectAssets: (files: MediaFile[]) => void;
};

/**
 * A cost item's invoice: a file chosen (or uploaded) in Strapi's media
 * library, shown by name with a link; it can be replaced or removed. The
 * server checks that the file exists.
 */
export function AttachmentField(props: {
  value: MediaFile | null;
  onChange: (file: MediaFile | null) => void;
  error?: string;
}) {
  const t = useT();
  const [picking, setPicking] = useState(false);
  const components = useStrapiApp('AttachmentField', (state) => state.components);
  const MediaLibraryDialog = components['media-library'] as
    ComponentType<MediaLibraryDialogProps> | undefined;
  return (
    <Field.Root name="attachment" error={props.error}>
      <Field.Label>{t('allocation.costs.attachment', 'Invoice')}</Field.Label>
      <Flex gap={2} alignItems="center">
        {props.value ? (
          <a href={props.value.url} target="_blank" rel="noreferrer">
            <Typography>{props.value.name}</Typography>
          </a>
        ) : (
          <Typography textColor="neutral600">
            {t('allocation.costs.no-attachment', 'No file attached')}
          </Typography>
        )}
        {MediaLibraryDialog && (
          <Button variant="secondary" startIcon={<Paperclip />} onClick={() => setPicking(true)}>
            {props.value
              ? t('allocation.costs.replace-attachment', 'Replace file')
              : t('allocation.costs.attach', 'Attach from the media library')}
          </Button>
        )}
        {props.value && (
          <Button variant="tertiary" startIcon={<Cross />} onClick={() => props.onChange(null)}>
            {t('allocation.costs.remove-attachment', 'Remove file')}
          </Button>
        )}
      </Flex>
      <Field.Error />
      {picking && MediaLibraryDialog && (
        <MediaLibraryDialog
          allowedTypes={['files', 'images']}
          multiple={false}
          onClose={() => setPicking(false)}
          onSelectAssets={(files) => {
            props.onChange(files[0] ?? null);
            setPicking(false);
          }}
        />
      )}
    </Field.Root>
  );
}
