#!/usr/bin/env bash
# Prepares Public/ for serving, after any edit of a page or asset:
#  1. fingerprints every assets/*.css and assets/*.js: the name carries the first 10 hex digits
#     of the content's SHA-256 (cc.1a2b3c4d5e.css), so the server lets browsers cache it for a
#     year; every page's reference is rewritten to the new name;
#  2. writes a gzip -9 -n sibling (name.gz) of every .html, .css, .js, .svg and .json file,
#     which the server sends to clients that accept gzip, and removes orphaned .gz files.
# `--check` changes nothing and exits 1 when Public/ is not in that state (make test runs it).
set -euo pipefail
check=0
if [[ "${1:-}" == "--check" ]]; then check=1; shift; fi
root="${1:-$(dirname "$0")/../Public}"
cd "$root"
stale=()

for file in assets/*.css assets/*.js; do
  [[ -e "$file" ]] || continue
  dir=${file%/*}; name=${file##*/}; ext=${name##*.}; stem=${name%.*}
  if [[ "$stem" =~ ^(.+)\.[0-9a-f]{10}$ ]]; then stem=${BASH_REMATCH[1]}; fi
  hash=$(sha256sum "$file" | cut -c1-10)
  wanted="$stem.$hash.$ext"
  [[ "$name" == "$wanted" ]] && continue
  if (( check )); then stale+=("$file should be named $wanted"); continue; fi
  mv "$file" "$dir/$wanted"
  echo "fingerprinted $dir/$wanted"
done

# Pages name each asset by its current fingerprinted name (or its plain name, before the first run).
if (( ! check )); then
  for file in assets/*.css assets/*.js; do
    [[ -e "$file" ]] || continue
    name=${file##*/}; ext=${name##*.}; stem=${name%.*}; stem=${stem%.*}
    find . -name '*.html' -print0 | xargs -0 -r sed -i -E "s#/assets/$stem(\.[0-9a-f]{10})?\.$ext\"#/assets/$name\"#g"
  done
fi

# Every asset a page names must exist.
while IFS= read -r ref; do
  [[ -f ".$ref" ]] || stale+=("a page names $ref, which does not exist")
done < <(grep -rhoE '"/assets/[^"]+"' --include='*.html' . | tr -d '"' | sort -u)

while IFS= read -r -d '' file; do
  if (( check )); then
    if [[ ! -f "$file.gz" ]] || ! cmp -s <(gzip -dc "$file.gz") "$file"; then stale+=("$file.gz is missing or stale"); fi
  else
    gzip -9 -n -c "$file" > "$file.gz.tmp"
    if cmp -s "$file.gz.tmp" "$file.gz" 2>/dev/null; then rm "$file.gz.tmp"; else mv "$file.gz.tmp" "$file.gz"; fi
  fi
done < <(find . -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.svg' -o -name '*.json' \) -print0)

while IFS= read -r -d '' gz; do
  [[ -f "${gz%.gz}" ]] && continue
  if (( check )); then stale+=("$gz has no source file"); else rm "$gz"; fi
done < <(find . -type f -name '*.gz' -print0)

if (( ${#stale[@]} )); then
  printf 'Public/ is not prepared (run .ci/build-public.sh):\n' >&2
  printf '  %s\n' "${stale[@]}" >&2
  exit 1
fi
