/**
 * The one frame every dialog of the app draws inside Fluent's `Dialog`: a surface with a title (and, where asked, a
 * close button beside it), the content, and a row of buttons; optionally a form, so Enter submits it.
 */
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  type DialogActionsProps,
  type DialogSurfaceProps,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { CSSProperties, FormEvent, ReactNode } from 'react';

export interface DialogFrameProps {
  title: ReactNode;
  /** Shows a close button beside the title that calls this. */
  onDismiss?: () => void;
  /** Props for the surface (class, labels, test id). */
  surface?: Omit<DialogSurfaceProps, 'children'> & { 'data-testid'?: string };
  contentClassName?: string;
  contentStyle?: CSSProperties;
  /** A "Cancel" button that closes the dialog (Fluent's trigger), first in the button row. */
  cancel?: boolean;
  /** The buttons after "Cancel". */
  actions: ReactNode;
  actionsProps?: Omit<DialogActionsProps, 'children'>;
  /** The dialog is a form: its submit button and Enter call this. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}

export function DialogFrame(props: DialogFrameProps) {
  const { title, onDismiss, surface, contentClassName, contentStyle, cancel, actions, actionsProps, onSubmit } = props;
  const body = (
    <DialogBody>
      <DialogTitle
        action={
          onDismiss ? (
            <Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onDismiss} />
          ) : undefined
        }
      >
        {title}
      </DialogTitle>
      <DialogContent className={contentClassName} style={contentStyle}>
        {props.children}
      </DialogContent>
      <DialogActions {...actionsProps}>
        {cancel && (
          <DialogTrigger disableButtonEnhancement>
            <Button>Cancel</Button>
          </DialogTrigger>
        )}
        {actions}
      </DialogActions>
    </DialogBody>
  );
  return (
    <DialogSurface {...surface}>
      {onSubmit ? (
        <form onSubmit={onSubmit} noValidate>
          {body}
        </form>
      ) : (
        body
      )}
    </DialogSurface>
  );
}

/**
 * The `onOpenChange` of a dialog, drawer or navigation the store (or its parent) keeps open: it only needs to hear
 * that the user closed it (Escape, the backdrop, a close button).
 */
export function whenClosed(close: () => void): (event: unknown, data: { open: boolean }) => void {
  return (_, data) => {
    if (!data.open) close();
  };
}
