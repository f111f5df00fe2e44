// Package shellcomp makes the bash completion script work on a machine as
// it comes. The script cobra writes calls two functions of the
// bash-completion package (_get_comp_words_by_ref and _filedir), which a
// fresh Debian, a container or macOS's bash does not have: completing then
// fails with "_get_comp_words_by_ref: command not found". WriteBash puts
// small stand-ins for them in front of the script, defined only where the
// package has not defined its own.
package shellcomp

import (
	"io"
	"strings"
)

// bashStandIns define the two bash-completion functions the script calls
// when that package is not loaded. Words are split at blanks only, as the
// script asks (-n =:), so that "SESSION:2" and "--format=html" stay one
// word; files are filtered by extension without extglob.
const bashStandIns = `# Stand-ins for the bash-completion package's functions, for a bash
# without that package; the package's own are used where it is loaded.
if ! declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
_get_comp_words_by_ref()
{
    while [[ $1 == -* ]]; do
        [[ $1 == -n ]] && shift
        shift
    done
    local __line=${COMP_LINE:0:COMP_POINT}
    local -a __words
    read -r -a __words <<<"$__line"
    if [[ -z $__line || $__line == *[[:space:]] ]]; then
        __words+=("")
    fi
    local __cword=$((${#__words[@]} - 1)) __var
    for __var in "$@"; do
        case $__var in
        cur) cur=${__words[__cword]} ;;
        prev) prev=${__words[__cword-1]} ;;
        words) words=("${__words[@]}") ;;
        cword) cword=$__cword ;;
        esac
    done
}
fi
if ! declare -F _filedir >/dev/null 2>&1; then
_filedir()
{
    local IFS=$'\n' __f __ext=${1%|}
    if [[ $1 == -d ]]; then
        COMPREPLY+=($(compgen -d -- "$cur"))
        return
    fi
    for __f in $(compgen -f -- "$cur"); do
        if [[ -d $__f || -z $__ext ]] || [[ ${__f##*.} =~ ^(${__ext})$ ]]; then
            COMPREPLY+=("$__f")
        fi
    done
    if [[ $(type -t compopt) == builtin ]]; then
        compopt -o filenames 2>/dev/null
    fi
}
fi

`

// WriteBash writes the bash completion script that gen writes (cobra's
// GenBashCompletionV2), with the stand-ins in front of it.
func WriteBash(w io.Writer, gen func(io.Writer) error) error {
	var b strings.Builder
	if err := gen(&b); err != nil {
		return err
	}
	_, err := io.WriteString(w, bashStandIns+b.String())
	return err
}

// BashHelp is how to load the script, for the help of the command that
// prints it.
func BashHelp(program string) string {
	return strings.ReplaceAll(`Generate the completion script for bash.

It works in any bash 4 or later, with or without the bash-completion
package: where that package is not loaded, the script brings its own
stand-ins for the two functions of it that it uses.

To load completions in your current shell session:

	source <(PROGRAM completion bash)

To load completions for every new session, add that line to ~/.bashrc, or
write the script where bash-completion looks for it, once:

	PROGRAM completion bash > ~/.local/share/bash-completion/completions/PROGRAM
`, "PROGRAM", program)
}
