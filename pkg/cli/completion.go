package cli

import (
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"wsdemo/lessons"
	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/lesson"
)

// Shell completion. The completion command stays out of --help (a learner
// does not need it to start) but works: `wsdemo completion bash` and so on
// print the scripts, and these functions say what each argument and flag
// value may be, so `learn <TAB>` offers lessons, not files.

// registerCompletions adds the completions of every command's arguments and
// flag values to the tree under root.
func registerCompletions(root *cobra.Command, ios *IOStreams, g *globalOptions) {
	flag := func(cmd *cobra.Command, name string, values func(toComplete string) []string) {
		_ = cmd.RegisterFlagCompletionFunc(name, func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return values(toComplete), cobra.ShellCompDirectiveNoFileComp
		})
	}
	flag(root, "lang", func(string) []string {
		return []string{lang.English + "\tEnglish", lang.PortugueseBR + "\tportuguês do Brasil"}
	})
	flag(root, "theme", func(string) []string {
		return []string{"auto\task the terminal", "dark\tcolours for a dark background", "light\tcolours for a light background"}
	})
	for _, cmd := range root.Commands() {
		switch cmd.Name() {
		case "learn":
			cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return lessonChoices(ios, g, toComplete), cobra.ShellCompDirectiveNoFileComp
			}
		case "exercise", "check":
			cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return exerciseChoices(ios, g, toComplete), cobra.ShellCompDirectiveNoFileComp
			}
		case "lessons", "exercises", "http", "handshake", "duplex", "realtime":
			cmd.ValidArgsFunction = cobra.NoFileCompletions
		}
		switch cmd.Name() {
		case "realtime":
			_ = cmd.RegisterFlagCompletionFunc("only", func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				return strategyChoices(toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
			})
		case "show":
			flag(cmd, "format", func(string) []string {
				return []string{"pretty\tthe diagram, in colour", "plain\tthe diagram, no colour", "json\tthe trace as JSON lines", "mermaid\ta Mermaid sequenceDiagram"}
			})
			cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return []string{"jsonl", "json"}, cobra.ShellCompDirectiveFilterFileExt
			}
		case "decode":
			flag(cmd, "from", func(string) []string {
				return []string{"client\tframes a client sent (masked)", "server\tframes a server sent"}
			})
		}
	}
}

// completionLanguage is the language of completions' descriptions:
// --lang, else $LANG.
func completionLanguage(ios *IOStreams, g *globalOptions) string {
	if l, ok := lang.Match(g.lang); ok {
		return l
	}
	return ios.Lang
}

// lessonChoices are the lessons learn takes, with their titles (in the
// language --lang or $LANG gives) as descriptions: numbers, or names once
// a letter is typed. A name is offered from the word of a lesson's slug
// that what is typed starts ("hand" → "handshake", for the-handshake),
// since shells keep only candidates that start with what was typed; learn
// finds a lesson by any unique part of its slug.
func lessonChoices(ios *IOStreams, g *globalOptions, toComplete string) []string {
	all, err := lesson.Load(lessons.FS, completionLanguage(ios, g))
	if err != nil {
		return nil
	}
	typed := strings.ToLower(toComplete)
	bySlug := typed != "" && (typed[0] < '0' || typed[0] > '9')
	var out []string
	for _, l := range all {
		if !bySlug {
			if key := strconv.Itoa(l.Number); strings.HasPrefix(key, typed) {
				out = append(out, key+"\t"+l.Title)
			}
			continue
		}
		words := strings.Split(l.Slug, "-")
		for i := range words {
			key := strings.Join(words[i:], "-")
			if !strings.HasPrefix(key, typed) {
				continue
			}
			if found, err := lesson.Find(all, key); err == nil && found == l {
				out = append(out, key+"\t"+l.Title)
				break
			}
		}
	}
	return out
}

// exerciseChoices are the exercises exercise and check take, by name, with
// their titles as descriptions.
func exerciseChoices(ios *IOStreams, g *globalOptions, toComplete string) []string {
	all, err := loadExercises(completionLanguage(ios, g))
	if err != nil {
		return nil
	}
	var out []string
	for _, x := range all {
		if strings.HasPrefix(x.Slug, strings.ToLower(toComplete)) {
			out = append(out, x.Slug+"\t"+x.Title)
		}
	}
	return out
}

// strategyDescriptions say in a few words what each realtime strategy does.
var strategyDescriptions = map[string]string{
	"refresh":   "plain HTTP: tab B sees edits when the user reloads",
	"poll":      "tab B asks with GET every --poll-interval",
	"long-poll": "the server holds tab B's GET until something changes",
	"websocket": "one handshake, then the server pushes every edit",
	"tcp-floor": "the same pushes over raw TCP: a reference",
}

// strategyChoices completes a comma-separated list of realtime strategies:
// the ones not yet in the list, after what is typed up to its last comma.
func strategyChoices(toComplete string) []string {
	done, last := "", toComplete
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	listed := strings.Split(done, ",")
	var out []string
	for _, s := range demo.RealtimeStrategies {
		if strings.HasPrefix(s, last) && !slices.ContainsFunc(listed, func(x string) bool { return strings.TrimSpace(x) == s }) {
			out = append(out, done+s+"\t"+strategyDescriptions[s])
		}
	}
	return out
}
