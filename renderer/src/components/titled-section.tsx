/**
 * A section of a view or the drawer with its heading: the section is labelled by the heading, so screen readers name
 * it, and the heading is one Fluent `Subtitle2` at the level the page asks for.
 */
import { Subtitle2 } from '@fluentui/react-components';
import type { CSSProperties, ReactNode } from 'react';

export interface TitledSectionProps {
  /** The heading's id (the section's label); unique on the page. */
  id: string;
  title: ReactNode;
  level?: 'h2' | 'h3';
  className?: string;
  titleClassName?: string;
  titleStyle?: CSSProperties;
  'data-testid'?: string;
  children: ReactNode;
}

export function TitledSection(props: TitledSectionProps) {
  const { id, title, level = 'h3', className, titleClassName, titleStyle, children } = props;
  return (
    <section className={className} aria-labelledby={id} data-testid={props['data-testid']}>
      <Subtitle2 as={level} id={id} className={titleClassName} style={titleStyle}>
        {title}
      </Subtitle2>
      {children}
    </section>
  );
}
