# shellcheck shell=bash
# gohook for bash — put `eval "$(gohook init bash)"` in ~/.bashrc.
#
# Before every prompt, _gohook_hook checks with builtins only whether the
# directory, PATH, or any file that decided the current Go changed. Only
# then does it run `gohook export bash` once and eval what it prints.

# Scripts that source an rc file get no hook.
if [[ $- == *i* ]]; then

# gohook's own path, quoted when this snippet was generated.
_GOHOOK_EXE=@GOHOOK_EXE@

# _gohook_stale succeeds when something gohook's last answer depended on
# has changed since.
_gohook_stale() {
  [[ $PWD == "${_GOHOOK_PWD-}" && $PATH == "${_GOHOOK_PATH-}" &&
    "${GOHOOK_GO-}:${GOTOOLCHAIN-}:${GOWORK-}" == "${_GOHOOK_ENV-}" &&
    -n ${_GOHOOK_STAMP-} ]] || return 0
  local f
  # _GOHOOK_WATCH and _GOHOOK_STAMP are assigned by the eval'd export.
  # shellcheck disable=SC2153
  # The stamp's mtime is the newest of the watched paths' at the last
  # export: anything newer was edited, created or removed since.
  for f in ${_GOHOOK_WATCH[@]+"${_GOHOOK_WATCH[@]}"}; do
    [[ $f -nt $_GOHOOK_STAMP ]] && return 0
  done
  return 1
}

_gohook_hook() {
  local ret=$? # keep $? for the user's prompt
  if _gohook_stale; then
    eval "$("$_GOHOOK_EXE" export bash)"
    # Tells `gohook doctor`, a child process, that the hook runs here.
    export _GOHOOK_SHELL=bash
    # What this answer was computed for, compared on the next prompt.
    _GOHOOK_PWD=$PWD
    _GOHOOK_PATH=$PATH
    _GOHOOK_ENV="${GOHOOK_GO-}:${GOTOOLCHAIN-}:${GOWORK-}"
  fi
  return "$ret"
}

# `gohook shell` must change this shell's own environment, which a child
# process cannot: the function evals what the command prints (and fails,
# changing nothing, when it fails).
gohook() {
  if [[ ${1-} == shell ]]; then
    local code
    code=$("$_GOHOOK_EXE" "$@" --shell=bash) || return
    eval "$code"
  else
    "$_GOHOOK_EXE" "$@"
  fi
}

# Install the hook once, first, so later prompt commands (starship, the
# user's PS1) see the new Go. It returns the user's $?, and `&& :` keeps
# that from counting as a failure under `set -e`: a command before && never
# makes the shell exit, and -e is ignored inside it too. Sourcing this twice, or after starship moved
# PROMPT_COMMAND into _PRESERVED_PROMPT_COMMAND, must not add it again.
case $'\n'"${PROMPT_COMMAND[*]-}"$'\n'"${_PRESERVED_PROMPT_COMMAND-}"$'\n' in
*_gohook_hook*) ;;
*)
  # bash 5.1+ runs every element of an array PROMPT_COMMAND; assigning it a
  # string would replace only element 0, so keep the user's type.
  if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) &&
    [[ -n ${PROMPT_COMMAND+set} && ${PROMPT_COMMAND@a} == *a* ]]; then
    PROMPT_COMMAND=('_gohook_hook && :' "${PROMPT_COMMAND[@]}")
  else
    # A string PROMPT_COMMAND (or none): stays a string.
    # shellcheck disable=SC2128,SC2178
    PROMPT_COMMAND="_gohook_hook && :${PROMPT_COMMAND:+$'\n'$PROMPT_COMMAND}"
  fi
  ;;
esac

fi
