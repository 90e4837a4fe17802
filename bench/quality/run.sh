#!/usr/bin/env bash
# Detection quality on every simulated scenario, three seeds each: Stillwatch's engine beside both
# reference baselines, scored by `stillwatch evaluate --json`. Prints one markdown table row per
# (scenario, seed, detector) to stdout; progress to stderr.
#
#   bench/quality/run.sh                      # every scenario at the scales below, seeds 1 2 3
#   SCENARIOS="hydra stealth" SEEDS="4 5" bench/quality/run.sh
#   DETECTORS=stillwatch bench/quality/run.sh  # the engine alone (the baselines do not change with it)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
sw="${STILLWATCH:-$here/stillwatch}"   # e.g. STILLWATCH="java -jar /tmp/frozen.jar"
work="${WORK:-$(mktemp -d /tmp/stillwatch-quality.XXXXXX)}"
trap 'rm -rf "$work"' EXIT
SEEDS="${SEEDS:-1 2 3}"
DETECTORS="${DETECTORS:-stillwatch rate focus}"
SCENARIOS="${SCENARIOS:-hydra reasoning release reseller stealth mixed-small mixed-large}"
declare -A SCALE=([hydra]=0.25 [reasoning]=0.5 [release]=0.25 [reseller]=0.5 [stealth]=0.5
                  [mixed-small]=0.5 [mixed-large]=0.2 [june-2026]=0.01)

row() { # $1 scenario $2 seed $3 detector $4 evaluate-json
  python3 - "$@" <<'PY'
import json, sys
scenario, seed, detector, path = sys.argv[1:5]
e = json.load(open(path))
o = e["overall"]
hn = [p for p in e["populations"] if p.get("hard_negative")]
worst = max(hn, key=lambda p: p.get("false_positive_rate", 0), default=None)
worst_s = "0.0%" if not worst or worst["false_positive_rate"] == 0 else \
    f'{100*worst["false_positive_rate"]:.1f}% ({worst["kind"]})'
camps = e["campaigns"]
found = sum(1 for c in camps if c["flagged"] > 0)
delays = ", ".join(
    f'{c["kind"]} {100*c["delay_share_median"]:.1f}%' if c["flagged"] > 0 else f'{c["kind"]} never'
    for c in camps)
rep = e.get("reported_campaigns") or []
purity = f'{len(rep)} / {100*e["mean_purity"]:.0f}%' if rep and e.get("mean_purity") is not None else "none"
print(f'| {scenario} | {seed} | {detector} | {100*o["precision"]:.1f}% | {100*o["recall"]:.1f}% | '
      f'{worst_s} | {found}/{len(camps)} | {delays} | {purity} |')
PY
}

echo "| scenario | seed | detector | precision | recall | worst hard-negative FPR | campaigns found | median delay (share of the campaign's exchanges before each account's flag) | reported campaigns / mean purity |"
echo "|---|---|---|---|---|---|---|---|---|"
for scenario in $SCENARIOS; do
  for seed in $SEEDS; do
    d="$work/$scenario-$seed"
    echo "quality: $scenario seed $seed scale ${SCALE[$scenario]}" >&2
    $sw simulate --scenario "$scenario" --seed "$seed" --scale "${SCALE[$scenario]}" --out "$d" >/dev/null 2>&1
    x="$d/exchanges.jsonl.gz"; a="$d/accounts.jsonl"
    $sw replay --exchanges "$x" --accounts "$a" --out "$d/stillwatch.json" 2>"$d/replay.log"
    grep -iE "exchanges/s|summary" "$d/replay.log" | tail -1 >&2 || true
    for det in $DETECTORS; do
      [ "$det" = stillwatch ] || $sw baseline --kind "$det" --exchanges "$x" --accounts "$a" --out "$d/$det.json" >/dev/null 2>&1
      $sw evaluate --truth "$d/truth.json" --exchanges "$x" --report "$d/$det.json" --json > "$d/$det.eval.json"
      name="$det"; [ "$det" = stillwatch ] || name="baseline $det"
      row "$scenario" "$seed" "$name" "$d/$det.eval.json"
    done
    rm -rf "$d"
  done
done
