import { Table, VisuallyHidden, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column heading, or `false` for a column this viewer does not see. A hidden heading is for screen readers only. */
export type Column = string | { label: string; hidden: true } | false;

interface RecordTableProps extends Omit<TableProps, 'children' | 'striped'> {
  caption: ReactNode;
  columns: Column[];
  /** Below this width the table scrolls sideways rather than squeezing its columns. */
  minWidth: number;
  /** The rows. */
  children: ReactNode;
}

/**
 * The admin app's lists of records: the caption, the column headings (each a `col` header) and the
 * sideways scroll on a phone are written once here, so every list reads the same to a screen
 * reader. The rows stay with the screen that knows them.
 */
export function RecordTable({ caption, columns, minWidth, children, ...table }: RecordTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped {...table}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns
              .filter((column) => column !== false)
              .map((column) =>
                typeof column === 'string' ? (
                  <Table.Th scope="col" key={column}>
                    {column}
                  </Table.Th>
                ) : (
                  <Table.Th scope="col" key={column.label}>
                    <VisuallyHidden>{column.label}</VisuallyHidden>
                  </Table.Th>
                ),
              )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
