# gohook for fish — put `gohook init fish | source` in
# ~/.config/fish/config.fish (or conf.d/gohook.fish).
#
# Before every prompt, _gohook_hook checks with builtins only whether the
# directory, PATH, or any file that decided the current Go changed. Only
# then does it run `gohook export fish` once and source what it prints.

# Scripts that source config files get no hook.
if status is-interactive

    # gohook's own path, quoted when this snippet was generated.
    set -g _GOHOOK_EXE @GOHOOK_EXE@

    # _gohook_stale succeeds when something gohook's last answer depended
    # on has changed since.
    function _gohook_stale
        # One test of one string: each fish builtin call costs ~10 µs.
        test "$PWD
$PATH
$GOHOOK_GO:$GOTOOLCHAIN:$GOWORK
$_GOHOOK_STAMP" = "$_GOHOOK_KEY"
        or return 0
        # The stamp's mtime is the newest of the watched paths' at the last
        # export: anything newer was edited, created or removed since.
        for f in $_GOHOOK_WATCH
            test "$f" -nt "$_GOHOOK_STAMP"
            and return 0
        end
        return 1
    end

    function _gohook_hook --on-event fish_prompt
        set -l ret $status # keep $status for the user's prompt
        if _gohook_stale
            $_GOHOOK_EXE export fish | source
            # Tells `gohook doctor`, a child process, that the hook runs here.
            set -gx _GOHOOK_SHELL fish
            # What this answer was computed for, compared on the next
            # prompt (a missing stamp never matches: an empty key line).
            set -g _GOHOOK_KEY "$PWD
$PATH
$GOHOOK_GO:$GOTOOLCHAIN:$GOWORK
$_GOHOOK_STAMP"
            test -n "$_GOHOOK_STAMP"; or set -g _GOHOOK_KEY
        end
        return $ret
    end

    # `gohook shell` must change this shell's own environment, which a
    # child process cannot: the function sources what the command prints
    # (and fails, changing nothing, when it fails).
    function gohook
        if test "$argv[1]" = shell
            set -l code ($_GOHOOK_EXE $argv --shell=fish)
            or return
            printf '%s\n' $code | source
        else
            $_GOHOOK_EXE $argv
        end
    end
end
