/** Previous/next links between the pages of a long list (search results, versions), when there are several. */

export function Pager(props: {
  /** The nav's accessible name. */
  label: string;
  page: number;
  pages: number;
  href: (page: number) => string;
  previous: string;
  next: string;
}) {
  const { page, pages, href } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={props.label}>
      {page > 1 && (
        <a rel="prev" href={href(page - 1)}>
          {props.previous}
        </a>
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && (
        <a rel="next" href={href(page + 1)}>
          {props.next}
        </a>
      )}
    </nav>
  );
}
