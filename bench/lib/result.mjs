// One benchmark outcome: a measured value, its baseline from the same run, the ratio and the target.
export function result({
  suite,
  name,
  value,
  unit,
  baseline,
  baselineLabel,
  ratio,
  ratioSpread,
  target,
  note,
}) {
  const metric = ratio ?? value;
  const pass = target.cmp === '>=' ? metric >= target.value : metric <= target.value;
  return {
    suite,
    name,
    value,
    unit,
    baseline,
    baselineLabel,
    ratio,
    ratioSpread,
    target,
    pass,
    note,
  };
}

export function skipped(suite, name, reason) {
  return { suite, name, skipped: reason };
}
