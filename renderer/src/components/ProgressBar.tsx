// A progress bar with an accessible name and its value in words. A null fraction shows an
// indeterminate bar, for transfers whose size is not known yet.
import { useFormat } from '../hooks/useFormat';

interface ProgressBarProps {
  label: string;
  /** 0 to 1, or null when unknown. */
  fraction: number | null;
}

export function ProgressBar({ label, fraction }: ProgressBarProps) {
  const format = useFormat();

  if (fraction === null) return <progress className="progress" aria-label={label} />;
  return (
    <progress
      className="progress"
      aria-label={label}
      aria-valuetext={format.percent(fraction)}
      max={1000}
      value={Math.round(fraction * 1000)}
    />
  );
}
