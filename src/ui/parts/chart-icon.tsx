/** A chart's icon: only http(s) URLs are shown (Chart.yaml is client text), lazily, without referrer. */
import { httpUrl } from '../urls';

export function ChartIcon({ url, large }: { url: string | null; large?: boolean }) {
  const src = httpUrl(url);
  if (!src) return null;
  return (
    <img
      class={large ? 'icon icon-large' : 'icon'}
      src={src}
      alt=""
      width={large ? 64 : 48}
      height={large ? 64 : 48}
      loading="lazy"
      referrerpolicy="no-referrer"
    />
  );
}
