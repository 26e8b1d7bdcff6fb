#!/bin/sh
# Makes the man page cskpi(1) and the bash completion from the built binary's help:
# `cskpi --help` and `cskpi <command> --help` are read into one table (help-table.awk),
# which man.awk and completion.awk turn into roff and a completion script. The only text
# written here by hand is what --help does not say (packaging/cskpi.1.extra: files,
# environment, see also).
# Usage: gen-docs.sh BINARY OUTDIR VERSION SUMMARY DESCRIPTION
set -eu
binary=$1 out=$2 version=$3 summary=$4 description=$5
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
table="$out/help-table.tsv"

"$binary" --help | awk -v command= -f "$here/help-table.awk" > "$table.tmp"
commands=$(awk -F '\t' '$1 == "command" { print $2 }' "$table.tmp")
[ -n "$commands" ] || { echo "gen-docs: no commands in '$binary --help'" >&2; exit 1; }
for c in $commands; do
    "$binary" "$c" --help | awk -v command="$c" -f "$here/help-table.awk" >> "$table.tmp"
done
mv "$table.tmp" "$table"

CSKPI_DESCRIPTION=$description awk -F '\t' -v version="$version" -v summary="$summary" -v extra="$here/cskpi.1.extra" \
    -f "$here/man.awk" "$table" > "$out/cskpi.1"
gzip -9n -c "$out/cskpi.1" > "$out/cskpi.1.gz"
awk -F '\t' -f "$here/completion.awk" "$table" > "$out/cskpi.bash-completion"
