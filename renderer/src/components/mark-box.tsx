/**
 * A checkbox for a mark the user keeps in main (an entry ticked off, a checklist step done). It shows the user's
 * click at once and then what main's state says: the store's action resolves once main's state holds the mark
 * (or main refused it), so the box never flickers back while the change is on its way.
 */
import { Checkbox, type CheckboxProps } from '@fluentui/react-components';
import { useState } from 'react';

export function MarkBox({
  checked,
  onMark,
  ...rest
}: Omit<CheckboxProps, 'checked' | 'onChange'> & {
  checked: boolean;
  /** Saves the mark; resolves when main's state shows it, or main refused it. */
  onMark: (checked: boolean) => Promise<void>;
}) {
  const [pending, setPending] = useState<boolean | null>(null);
  return (
    <Checkbox
      {...rest}
      checked={pending ?? checked}
      onChange={(_, data) => {
        const value = data.checked === true;
        setPending(value);
        void onMark(value).finally(() => setPending(null));
      }}
    />
  );
}
