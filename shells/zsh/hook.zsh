# gohook for zsh — put `eval "$(gohook init zsh)"` in ${ZDOTDIR:-~}/.zshrc.
#
# Before every prompt, _gohook_hook checks with builtins only whether the
# directory, PATH, or any file that decided the current Go changed. Only
# then does it run `gohook export zsh` once and eval what it prints.

# Scripts that source an rc file get no hook.
if [[ -o interactive ]]; then

# gohook's own path, quoted when this snippet was generated; the prompt
# state, declared global here so the hook (a function) updates these.
typeset -g _GOHOOK_EXE=@GOHOOK_EXE@
typeset -g _GOHOOK_PWD _GOHOOK_PATH _GOHOOK_ENV _GOHOOK_STAMP
typeset -ga _GOHOOK_WATCH

# _gohook_stale succeeds when something gohook's last answer depended on
# has changed since.
_gohook_stale() {
  emulate -L zsh # immune to the user's KSH_ARRAYS, NO_UNSET and friends
  # Right-hand sides quoted: unquoted they would be glob patterns.
  [[ $PWD == "$_GOHOOK_PWD" && $PATH == "$_GOHOOK_PATH" &&
    "${GOHOOK_GO-}:${GOTOOLCHAIN-}:${GOWORK-}" == "$_GOHOOK_ENV" &&
    -n $_GOHOOK_STAMP && -e $_GOHOOK_STAMP ]] || return 0
  local f
  # The stamp's mtime is the newest of the watched paths' at the last
  # export: anything newer was edited, created or removed since. (zsh's
  # -nt is false when the stamp is missing, hence the -e above.)
  for f in $_GOHOOK_WATCH; do
    [[ $f -nt $_GOHOOK_STAMP ]] && return 0
  done
  return 1
}

_gohook_hook() {
  local -i ret=$? # keep $? for the user's prompt
  emulate -L zsh
  # Completion and other subshells never change the shell's environment.
  (( ZSH_SUBSHELL )) && return ret
  if _gohook_stale; then
    eval "$("$_GOHOOK_EXE" export zsh)"
    # Tells `gohook doctor`, a child process, that the hook runs here.
    export _GOHOOK_SHELL=zsh
    # What this answer was computed for, compared on the next prompt.
    _GOHOOK_PWD=$PWD
    _GOHOOK_PATH=$PATH
    _GOHOOK_ENV="${GOHOOK_GO-}:${GOTOOLCHAIN-}:${GOWORK-}"
  fi
  return ret
}

# `gohook shell` must change this shell's own environment, which a child
# process cannot: the function evals what the command prints (and fails,
# changing nothing, when it fails).
gohook() {
  if [[ ${1-} == shell ]]; then
    local code
    code=$("$_GOHOOK_EXE" "$@" --shell=zsh) || return
    eval "$code"
  else
    "$_GOHOOK_EXE" "$@"
  fi
}

# Install the hook once, first, so later precmd hooks (starship,
# powerlevel10k) see the new Go. An anonymous function with emulate keeps
# KSH_ARRAYS from mangling the array (SHELLS.md).
() {
  emulate -L zsh
  precmd_functions=(_gohook_hook ${precmd_functions:#_gohook_hook})
}

fi
