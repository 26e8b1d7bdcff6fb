# Writes the bash completion for cskpi from the help table (see help-table.awk):
# commands, each command's flags, and the values of flags whose help lists them as
# "a | b | c". Other flags that take a value complete file names.
# awk -F '\t' -f completion.awk help-table.tsv
# The values a help text lists as "a | b | c" (the longest such run), else "".
function choices(d,    words, n, i, run, best, nrun, nbest) {
    n = split(d, words, " ")
    run = ""; best = ""; nrun = 0; nbest = 0
    for (i = 1; i <= n; i++) {
        if (words[i] == "|") continue
        if (i > 1 && words[i - 1] == "|") { run = run " " words[i]; nrun++ }
        else { run = words[i]; nrun = 1 }
        if (nrun > nbest) { best = run; nbest = nrun }
    }
    if (nbest < 2) return ""
    gsub(/[:,]$/, "", best)
    return best
}
$1 == "command" { cmds = cmds (cmds == "" ? "" : " ") $2; order[++ncmd] = $2 }
$1 == "option" {
    c = $2
    flag = "--" $4
    flags[c] = flags[c] (flags[c] == "" ? "" : " ") flag
    if ($5 != "") flags[c] = flags[c] " " $5
    if ($6 == "arg") {
        v = choices($7)
        if (v != "") values[++nvalues] = "        '" c " " flag "') COMPREPLY=($(compgen -W '" v "' -- \"$cur\")); return ;;"
        else files[c] = files[c] (files[c] == "" ? "" : "|") "'" c " " flag "'"
    }
}
END {
    print "# bash completion for cskpi; generated from `cskpi --help` and `cskpi <command> --help`."
    print "_cskpi() {"
    print "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i"
    print "    COMPREPLY=()"
    print "    for ((i = 1; i < COMP_CWORD; i++)); do"
    print "        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac"
    print "    done"
    print "    if [[ -z $cmd ]]; then"
    print "        COMPREPLY=($(compgen -W '" cmds " --help --version' -- \"$cur\"))"
    print "        return"
    print "    fi"
    print "    case \"$cmd $prev\" in"
    for (i = 1; i <= nvalues; i++) print values[i]
    for (i = 1; i <= ncmd; i++) if (files[order[i]] != "") print "        " files[order[i]] ") return ;;  # any value: file names"
    print "    esac"
    print "    case $cmd in"
    for (i = 1; i <= ncmd; i++) print "        " order[i] ") COMPREPLY=($(compgen -W '" flags[order[i]] "' -- \"$cur\")) ;;"
    print "    esac"
    print "}"
    print "complete -o default -F _cskpi cskpi"
}
