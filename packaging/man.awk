# Writes cskpi(1) in roff from the help table (see help-table.awk).
# CSKPI_DESCRIPTION=D awk -F '\t' -v version=V -v summary=S -v extra=FILE -f man.awk help-table.tsv
function esc(s) {
    gsub(/\\/, "\\e", s)
    gsub(/-/, "\\-", s)
    if (s ~ /^[.']/) s = "\\&" s
    return s
}
# "cskpi <command> [options]": the program and literal words bold, <placeholders> italic.
function synopsis(s,    n, w, i, out) {
    n = split(s, w, " ")
    out = ""
    for (i = 1; i <= n; i++) {
        if (w[i] ~ /^<.*>$/) out = out " \\fI" esc(substr(w[i], 2, length(w[i]) - 2)) "\\fR"
        else if (w[i] ~ /^\[/) out = out " " esc(w[i])
        else out = out " \\fB" esc(w[i]) "\\fR"
    }
    return substr(out, 2)
}
$1 == "usage" { usage = $2 }
$1 == "command" { ncmd++; cmd[ncmd] = $2; cmddesc[$2] = $3 }
$1 == "note" { notes[++nnote] = $2 }
$1 == "exit" { ncode++; code[ncode] = $2; codedesc[ncode] = $3 }
$1 == "option" {
    c = $2; g = $3
    if (!((c, g) in seen)) { seen[c, g] = 1; ngroup[c]++; group[c, ngroup[c]] = g }
    n = ++nopt[c, g]
    opt[c, g, n] = $4; short[c, g, n] = $5; arg[c, g, n] = $6; desc[c, g, n] = $7
}
END {
    print ".\\\" Generated from `cskpi --help` and `cskpi <command> --help`; do not edit."
    printf ".TH CSKPI 1 \"\" \"cskpi %s\" \"User Commands\"\n", version
    print ".SH NAME"
    print "cskpi \\- " esc(summary)
    print ".SH SYNOPSIS"
    print synopsis(usage)
    for (i = 1; i <= ncmd; i++) {
        print ".br"
        print synopsis("cskpi " cmd[i] " [options]")
    }
    print ".br"
    print "\\fBcskpi \\-\\-help\\fR | \\fBcskpi \\-\\-version\\fR"
    print ".SH DESCRIPTION"
    print esc(ENVIRON["CSKPI_DESCRIPTION"])
    print ".PP"
    for (i = 1; i <= nnote; i++) print esc(notes[i])
    print ".SH COMMANDS"
    for (i = 1; i <= ncmd; i++) {
        c = cmd[i]
        print ".SS " c
        print esc(cmddesc[c]) "."
        for (j = 1; j <= ngroup[c]; j++) {
            g = group[c, j]
            if (ngroup[c] > 1) { print ".PP"; print "\\fI" esc(g) " options\\fR" }
            for (k = 1; k <= nopt[c, g]; k++) {
                print ".TP"
                line = ""
                if (short[c, g, k] != "") line = "\\fB" esc(short[c, g, k]) "\\fR, "
                line = line "\\fB\\-\\-" esc(opt[c, g, k]) "\\fR"
                if (arg[c, g, k] == "arg") line = line " \\fIvalue\\fR"
                else if (arg[c, g, k] == "[arg]") line = line "[=\\fIvalue\\fR]"
                print line
                print esc(desc[c, g, k])
            }
        }
    }
    print ".SH EXIT STATUS"
    for (i = 1; i <= ncode; i++) { print ".TP"; print "\\fB" code[i] "\\fR"; print esc(codedesc[i]) }
    while ((getline line < extra) > 0) print line
}
