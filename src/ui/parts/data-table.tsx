/** A table of the pages (scrolls sideways on a phone): its column headers, then the rows given as children. */
import type { Child } from 'hono/jsx';

export function DataTable(props: {
  columns: string[];
  class?: string;
  /** A caption only screen readers read. */
  caption?: string;
  children?: Child;
}) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
