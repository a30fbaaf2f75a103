package cli

import (
	"regexp"
	"strings"
	"sync"

	"wsdemo/pkg/lang"
)

// cobra and pflag write their usage errors in English, as plain strings:
// sayCobra reads them back into catalog keys, so that report says them in
// the run's language. What a message does not match stays as it was.
//
// Compiled on first use, as badDuration: every command would pay for it.
var cobraErrors = sync.OnceValue(func() []cobraError {
	return []cobraError{
		{regexp.MustCompile(`^unknown command "(.*)" for "(.*?)"\s*Did you mean this\?\s*((?s:.*))$`), "unknown command %q for %q; did you mean %s?", sayList, false},
		{regexp.MustCompile(`^unknown command "(.*)" for "(.*?)"$`), "unknown command %q for %q", nil, false},
		{regexp.MustCompile(`^unknown flag: (.*)$`), "unknown flag: %s", nil, false},
		{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (.*)$`), "unknown shorthand flag: '%s' in %s", nil, false},
		{regexp.MustCompile(`^flag needs an argument: '(.)' in (.*)$`), "flag needs an argument: '%s' in %s", nil, false},
		{regexp.MustCompile(`^flag needs an argument: (.*)$`), "flag needs an argument: %s", nil, false},
		{regexp.MustCompile(`^bad flag syntax: (.*)$`), "bad flag syntax: %s", nil, false},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: strconv\.ParseBool: .*$`), "%s %q: say true or false", nil, true},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: strconv\.Parse(?:Int|Uint): .*invalid syntax$`), "%s %q is not a whole number", nil, true},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: strconv\.Parse(?:Int|Uint): .*value out of range$`), "%s %q is out of range", nil, true},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: (.*)$`), "invalid value %q for %s: %s", nil, false},
		{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "takes %s argument(s), got %s", nil, false},
		{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "takes at most %s argument(s), got %s", nil, false},
		{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "needs at least %s argument(s), got %s", nil, false},
		{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`), "takes from %s to %s arguments, got %s", nil, false},
		{regexp.MustCompile(`^required flag\(s\) (.*) not set$`), "required flag(s) %s not set", nil, false},
	}
})

// cobraError is one of cobra's (or pflag's) messages and its key.
type cobraError struct {
	re  *regexp.Regexp
	key lang.Msg
	// last, when set, rewrites the last submatch (a list cobra prints one
	// per line).
	last func(string) string
	// swap puts the second submatch (the flag) before the first (its
	// value), as the key says them.
	swap bool
}

// sayList joins cobra's suggestions, one per line, with commas.
func sayList(s string) string { return strings.Join(strings.Fields(s), ", ") }

// sayCobra is err as a catalog key when it is one of cobra's or pflag's
// usage messages, and err itself otherwise.
func sayCobra(err error) error {
	if err == nil {
		return nil
	}
	msg := strings.TrimSpace(err.Error())
	for _, c := range cobraErrors() {
		m := c.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, s := range m[1:] {
			args[i] = s
		}
		if c.last != nil {
			args[len(args)-1] = c.last(m[len(m)-1])
		}
		if c.swap {
			args[0], args[1] = args[1], args[0]
		}
		return lang.Errorf(c.key, args...)
	}
	return err
}
