# Turns cskpi's --help output into a table, one line per entry, tab-separated:
#   command <TAB> name <TAB> description          (from `cskpi --help`, commands: block)
#   usage <TAB> text                              (the usage line)
#   note <TAB> text                               (other lines of `cskpi --help`)
#   exit <TAB> code <TAB> meaning                 (the "Exit codes:" line)
#   option <TAB> command <TAB> group <TAB> flag <TAB> short <TAB> argument <TAB> description
#                                                 (from `cskpi <command> --help`, run with
#                                                  awk -v command=<command>)
# argument is "arg", "[arg]" (optional value) or "" (no value).
# Both the man page and the bash completion are made from this table, so neither
# keeps a copy of the help text.
function flush() {
    if (flag != "") printf "option\t%s\t%s\t%s\t%s\t%s\t%s\n", command, group, flag, short, argument, desc
    flag = ""
}
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
BEGIN { mode = "top"; group = "general" }
/^usage: / { print "usage\t" substr($0, 8); next }
/^commands:/ { mode = "commands"; next }
mode == "commands" && /^  [a-z][a-z-]*  / {
    name = $1; d = $0; sub(/^  [a-z][a-z-]* +/, "", d)
    printf "command\t%s\t%s\n", name, d; next
}
/^Exit codes: / {
    line = substr($0, 13); sub(/\.$/, "", line)
    n = split(line, parts, /, /)
    for (i = 1; i <= n; i++) {
        code = parts[i]; sub(/ .*/, "", code)
        meaning = parts[i]; sub(/^[0-9]+ /, "", meaning)
        printf "exit\t%s\t%s\n", code, meaning
    }
    next
}
# Per-command help (cxxopts): group headers, options, wrapped descriptions.
/^Usage:$/ { mode = "options"; next }
mode == "options" && /^ [a-z]+ options:$/ { flush(); group = $1; next }
mode == "options" && /^ +(-[a-zA-Z], )?--[a-z]/ {
    flush()
    line = $0
    short = ""
    if (match(line, /^ +-[a-zA-Z], /)) { short = trim(substr(line, 1, RLENGTH)); sub(/,$/, "", short); line = substr(line, RLENGTH + 1) }
    line = trim(line)
    flag = line; sub(/ .*/, "", flag)
    rest = trim(substr(line, length(flag) + 1))
    sub(/^--/, "", flag)
    argument = ""
    if (rest ~ /^\[=arg\(=[^)]*\)\]/) { argument = "[arg]"; sub(/^\[=arg\(=[^)]*\)\] */, "", rest) }
    else if (rest ~ /^arg( |$)/) { argument = "arg"; sub(/^arg */, "", rest) }
    desc = trim(rest)
    next
}
mode == "options" && /^ +[^ -]/ && flag != "" { desc = desc " " trim($0); next }
mode == "options" && /^ +cskpi / { next }
mode == "options" && /^$/ { flush(); next }
mode != "options" && /^$/ { next }
mode != "options" { mode = "top"; print "note\t" $0 }
END { flush() }
