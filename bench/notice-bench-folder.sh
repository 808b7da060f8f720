# Sourced by the notice benchmarks: makes the current folder a project that sends every notice to one generic
# webhook target, `bench`, whose URL is $BENCH_HOOK (no quiet hours, no reminders, no digest, no rate budget).
# $1 is the repository's root (its seeds are copied).
cp -r "$1/seeds" seeds
cat > outreach.yaml <<YAML
notify:
  quiet_hours: off
  reminders: off
  digest: off
  targets:
    - name: bench
      kind: webhook
      key_env: BENCH_HOOK
      rate: unlimited
YAML
