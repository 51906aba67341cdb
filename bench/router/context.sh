# Sourced by bench/router.sh when MODE=context, after the backend has started (its helpers and variables in scope).
# The cost of the routing context, in one run: one router, the same backend, wrk driving in turn
#   main       main.<domain>: the baseline's host, forwarded with no routing context
#   pr         pr1.<domain>: a PR's host, forwarded with baggage: preview.pr=1
#   pr-forged  pr1.<domain> carrying a forged baggage: preview.pr=7, removed and replaced by preview.pr=1
#   hop        straight to the backend, as one service calls another
#   hop-baggage  the same with baggage: preview.pr=42, as a call made in a PR's routing context carries it
# The ratios pr/main and pr-forged/main are the router's cost of the context; hop-baggage/hop the cost of carrying it
# on a call between services (the header on the wire and its parsing; not the caller's propagation, which
# ServiceDefaults does for the trace context on every call anyway). Variants rotate their order each round. Then
# bench/router/ContextCost.cs measures the transformer alone (nanoseconds per request per variant).

router_port=$((ROUTER_BASE_PORT + 1))
backend="http://127.0.0.1:$BACKEND_PORT/"
printf '{"baseline":{"frontend":"%s","api":"%s"},"previews":[{"pullRequest":1,"frontend":"%s","api":"%s"}]}\n' \
  "$backend" "$backend" "$backend" "$backend" >"$out/routes-context.json"
env ASPNETCORE_URLS="http://127.0.0.1:$router_port" Router__RoutesFile="$out/routes-context.json" Router__Domain="$DOMAIN" \
  $ROUTER_ENV dotnet "$router_dll" >"$out/router-context.log" 2>&1 &
router_pid=$!
pids+=("$router_pid")
wait_for "main.$DOMAIN" "$router_port"
wait_for "pr1.$DOMAIN" "$router_port"

# What each variant forwards, checked before anything is measured.
forwarded() { curl -fs -H "Host: $1" ${2:+-H "baggage: $2"} "http://127.0.0.1:$router_port/baggage"; }
[ "$(forwarded "main.$DOMAIN" "preview.pr=7")" = "" ] || { echo "router.sh: main.$DOMAIN forwarded a baggage header" >&2; exit 1; }
[ "$(forwarded "pr1.$DOMAIN")" = "preview.pr=1" ] || { echo "router.sh: pr1.$DOMAIN did not forward preview.pr=1" >&2; exit 1; }
[ "$(forwarded "pr1.$DOMAIN" "preview.pr=7")" = "preview.pr=1" ] || { echo "router.sh: pr1.$DOMAIN forwarded a forged context" >&2; exit 1; }

backend_pids() { local master; master=$(cat "$out/nginx-backend.pid"); echo "$master" $(pgrep -P "$master"); }
variant() { # name seconds -> watched pids, then wrk's arguments, one per line
  local wrk_base=(-t"$THREADS" -c"$CONNECTIONS" -d"$2s" --latency)
  case $1 in
    main) printf '%s\n' "$router_pid" "${wrk_base[@]}" -H "Host: main.$DOMAIN" "http://127.0.0.1:$router_port/" ;;
    pr) printf '%s\n' "$router_pid" "${wrk_base[@]}" -H "Host: pr1.$DOMAIN" "http://127.0.0.1:$router_port/" ;;
    pr-forged) printf '%s\n' "$router_pid" "${wrk_base[@]}" -H "Host: pr1.$DOMAIN" -H "baggage: preview.pr=7" "http://127.0.0.1:$router_port/" ;;
    hop) printf '%s\n' "$(backend_pids)" "${wrk_base[@]}" "$backend" ;;
    hop-baggage) printf '%s\n' "$(backend_pids)" "${wrk_base[@]}" -H "baggage: preview.pr=42" "$backend" ;;
  esac
}
run_variant() { # name seconds [label]: measured when labelled, else a warm-up
  local lines
  mapfile -t lines < <(variant "$1" "$2")
  if [ -n "${3:-}" ]; then
    measure "$3" "${lines[0]}" -- "${lines[@]:1}"
  else
    wrk "${lines[@]:1}" >/dev/null
  fi
}

variants=(main pr pr-forged hop hop-baggage)
echo "variant round requests_per_s p50_ms p99_ms non2xx cpu_us_per_request" >"$out/runs.txt"
for v in "${variants[@]}"; do run_variant "$v" "$WARMUP"; done
for round in $(seq "$ROUNDS"); do
  for i in $(seq 0 $((${#variants[@]} - 1))); do
    v=${variants[$(((i + round) % ${#variants[@]}))]}
    run_variant "$v" "$DURATION" "$v $round"
  done
done

# Side by side: two wrk at once with half the connections each, one per variant of a pair, so both see the same
# machine at the same moment (on a shared machine the load of other work swings throughput by tens of percent between
# consecutive runs). CPU per request cannot be told apart here: the column reads nan.
pairs=("main pr" "main pr-forged" "hop hop-baggage")
echo "base test variant round requests_per_s p50_ms p99_ms non2xx cpu_us_per_request" >"$out/pairs.txt"
for round in $(seq "$ROUNDS"); do
  for pair in "${pairs[@]}"; do
    read -r a b <<<"$pair"
    # Which of the two starts first alternates by round.
    order="$a $b"; [ $((round % 2)) = 0 ] && order="$b $a"
    wrk_pids=()
    for v in $order; do
      mapfile -t lines < <(CONNECTIONS=$((CONNECTIONS / 2)) THREADS=1 variant "$v" "$DURATION")
      wrk "${lines[@]:1}" >"$out/pair-$a-$b-$v-$round.txt" &
      wrk_pids+=("$!")
    done
    wait "${wrk_pids[@]}"
    for v in $a $b; do
      wrk_row "$a $b $v $round" "$(cat "$out/pair-$a-$b-$v-$round.txt")" nan | tee -a "$out/pairs.txt"
    done
  done
done

# The same work in isolation, without the network and processes around it: the transformer per variant.
dotnet run -c "$CONFIGURATION" bench/router/ContextCost.cs | tee "$out/transformer.txt"

python3 - "$out/runs.txt" "$out/pairs.txt" <<'PY' | tee "$out/summary.txt"
import statistics, sys
def ratio(t, b, i):
    per_round = [t[k][i] / b[k][i] for k in b]
    return f"{statistics.median(per_round):.3f}x ({min(per_round):.2f}-{max(per_round):.2f})"
rows = [line.split() for line in open(sys.argv[1]).read().splitlines()[1:]]
by = {}
for variant, rnd, rps, p50, p99, bad, cpu in rows:
    by.setdefault(variant, {})[int(rnd)] = (float(rps), float(p50), float(p99), int(bad), float(cpu))
print(f"{'variant':>12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'CPU us/req':>10}")
for variant, runs in by.items():
    r = list(runs.values())
    print(f"{variant:>12} {statistics.median(x[0] for x in r):>9.0f} {statistics.median(x[1] for x in r):>8.3f} {statistics.median(x[2] for x in r):>8.3f} {sum(x[3] for x in r):>8} {statistics.median(x[4] for x in r):>10.1f}")
for test, base in (("pr", "main"), ("pr-forged", "main"), ("hop-baggage", "hop")):
    t, b = by[test], by[base]
    print(f"{test}/{base}: throughput {ratio(t, b, 0)}, p99 {ratio(t, b, 2)}, CPU per request {ratio(t, b, 4)} (medians of per-round ratios, range)")
print("side by side (both at once, half the connections each):")
pairs = {}
for base, test, variant, rnd, rps, p50, p99, bad, _ in (line.split() for line in open(sys.argv[2]).read().splitlines()[1:]):
    pairs.setdefault((base, test), {}).setdefault(variant, {})[int(rnd)] = (float(rps), float(p99), int(bad))
for (base, test), runs in pairs.items():
    t, b = runs[test], runs[base]
    bad = sum(x[2] for x in t.values()) + sum(x[2] for x in b.values())
    print(f"{test}/{base}: throughput {ratio(t, b, 0)}, p99 {ratio(t, b, 1)}, non-2xx {bad} (medians of per-round ratios, range)")
PY
echo "results: $out"
