package lang

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
)

// The catalog is checked against the source, not against runs of the
// scenarios: a sentence a run happens not to reach is checked all the same.
// Every Msg value starts as a constant in the source (the type system
// carries it from there), so the constants of type Msg are every key the
// code can say.

// source is what the type-checked source of wsdemo/pkg/... says.
type source struct {
	fset *token.FileSet
	// keys are the Msg constants, by value, with where each is written.
	keys map[string][]token.Position
	// problems are breaches of the rules, one line each.
	problems []string
	// calls are the formatting calls with a constant key: the key and the
	// source text of each argument after it.
	calls []call
}

type call struct {
	pos  token.Position
	key  string
	args []string // nil when the arguments are spread (args...)
}

var loadSource = sync.OnceValues(func() (*source, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  filepath.Join("..", ".."),
	}
	pkgs, err := packages.Load(cfg, "wsdemo/pkg/...", "wsdemo/cmd/...")
	if err != nil {
		return nil, err
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("load: %s", strings.Join(errs, "; "))
	}
	s := &source{fset: cfg.Fset, keys: map[string][]token.Position{}}
	for _, p := range pkgs {
		if p.Fset != nil {
			s.fset = p.Fset
		}
		s.read(p)
	}
	return s, nil
})

func isNamed(t types.Type, pkgPath, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkgPath && n.Obj().Name() == name
}

func isMsg(t types.Type) bool { return t != nil && isNamed(t, "wsdemo/pkg/lang", "Msg") }

// dynamicKeyAllowed are the functions that may turn a non-constant string
// into a Msg (or a trace.Msg), each because the string was a Msg where it
// was made.
var dynamicKeyAllowed = map[string]bool{
	"wsdemo/pkg/lang.Text.Say": true, // trace.Msg.Format, set by M from a Msg
	// A key read back from a saved trace, which a Msg wrote; Text.Again
	// says it only if it is a key of the catalog.
	"wsdemo/pkg/trace.decodeMsg": true,
}

func (s *source) read(p *packages.Package) {
	info := p.TypesInfo
	for _, f := range p.Syntax {
		// The maximal constant expressions of type Msg: in "a" + "b" the
		// key is the sum, not its parts.
		var spans [][2]token.Pos
		ast.Inspect(f, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			tv, ok := info.Types[e]
			if ok && tv.Value != nil && isMsg(tv.Type) && tv.Value.Kind() == constant.String {
				spans = append(spans, [2]token.Pos{e.Pos(), e.End()})
				v := constant.StringVal(tv.Value)
				s.keys[v] = append(s.keys[v], s.fset.Position(e.Pos()))
				return false
			}
			return true
		})
		var fn string // the function being read, for dynamicKeyAllowed
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				fn = p.PkgPath + "." + n.Name.Name
				if n.Recv != nil && len(n.Recv.List) == 1 {
					t := n.Recv.List[0].Type
					if st, ok := t.(*ast.StarExpr); ok {
						t = st.X
					}
					if id, ok := t.(*ast.Ident); ok {
						fn = p.PkgPath + "." + id.Name + "." + n.Name.Name
					}
				}
			case *ast.CallExpr:
				s.readCall(p, n, fn)
			case *ast.CompositeLit:
				if tv, ok := info.Types[n]; ok && isNamed(tv.Type, "wsdemo/pkg/trace", "Msg") && len(n.Elts) > 0 && p.PkgPath != "wsdemo/pkg/lang" && !dynamicKeyAllowed[fn] {
					s.problems = append(s.problems, fmt.Sprintf("%s: a trace.Msg made by hand: use lang.M, whose key is a Msg", s.fset.Position(n.Pos())))
				}
			}
			return true
		})
	}
}

// readCall checks a conversion to Msg, and records a formatting call: one
// whose first parameter is a Msg and whose last is ...any.
func (s *source) readCall(p *packages.Package, c *ast.CallExpr, fn string) {
	info := p.TypesInfo
	if tv, ok := info.Types[c.Fun]; ok && tv.IsType() && isMsg(tv.Type) && len(c.Args) == 1 {
		if arg := info.Types[c.Args[0]]; arg.Value == nil && !dynamicKeyAllowed[fn] {
			s.problems = append(s.problems, fmt.Sprintf("%s: a Msg made from a value that is not a constant: write the text where it is said", s.fset.Position(c.Pos())))
		}
		return
	}
	sig, ok := types.Unalias(info.TypeOf(c.Fun)).(*types.Signature)
	if !ok || sig.Params().Len() == 0 || !isMsg(sig.Params().At(0).Type()) || len(c.Args) == 0 {
		return
	}
	if sig.Variadic() {
		last := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice)
		if i, ok := last.Elem().Underlying().(*types.Interface); !ok || !i.Empty() {
			return // not a format's arguments (e.g. ...trace.Field)
		}
	}
	key := info.Types[c.Args[0]]
	if key.Value == nil {
		return // a Msg passed on (a table's entry): its constant is counted where it is written
	}
	cl := call{pos: s.fset.Position(c.Pos()), key: constant.StringVal(key.Value)}
	if !sig.Variadic() {
		return
	}
	if c.Ellipsis.IsValid() {
		s.calls = append(s.calls, cl)
		return
	}
	cl.args = []string{}
	for _, a := range c.Args[1:] {
		cl.args = append(cl.args, types.ExprString(a))
	}
	s.calls = append(s.calls, cl)
}

func mustSource(t *testing.T) *source {
	t.Helper()
	if testing.Short() {
		t.Skip("type-checks the whole module")
	}
	s, err := loadSource()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSourceSaysEveryKey: every text the code can say has its Brazilian
// Portuguese translation, every key is a constant, and the catalog holds
// nothing the code no longer says.
func TestSourceSaysEveryKey(t *testing.T) {
	s := mustSource(t)
	for _, p := range s.problems {
		t.Error(p)
	}
	pt := map[string]bool{}
	for _, part := range ptBRParts {
		for key := range part() {
			pt[key] = true
		}
	}
	var missing []string
	for key, where := range s.keys {
		if hasWords(key) && !pt[key] {
			missing = append(missing, fmt.Sprintf("%s: %q", where[0], key))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no pt-BR translation: %s", m)
	}
	var unused []string
	for key := range pt {
		if _, ok := s.keys[key]; !ok {
			unused = append(unused, key)
		}
	}
	for key := range enPlurals() {
		if _, ok := s.keys[key]; !ok {
			unused = append(unused, "(en) "+key)
		}
	}
	sort.Strings(unused)
	for _, u := range unused {
		t.Errorf("catalog entry no code says: %q", u)
	}
	if len(s.keys) < 300 {
		t.Errorf("only %d keys found: is the source read at all?", len(s.keys))
	}
}

// Each formatting call passes as many arguments as its key has verbs: a
// catalog entry cannot repair a call that prints %!d(MISSING).
func TestSourceCallsFitTheirKeys(t *testing.T) {
	s := mustSource(t)
	for _, c := range s.calls {
		if c.args == nil {
			continue
		}
		if n := len(verbs(c.key)); n != len(c.args) {
			t.Errorf("%s: %q has %d verbs, the call passes %d arguments", c.pos, c.key, n, len(c.args))
		}
	}
}

// identifierArg is an argument that names something rather than counts it:
// a connection number, a port, a status or close code, an opcode, a
// version, a year.
var identifierArg = regexp.MustCompile(`(?i)(^|\.)(id|conn|connid|port|status|statuscode|code|closecode|opcode|v|version|year|seq)\)?$`)

// identifierContext is where a key's number names something: "#%d",
// "status %d", "close code %d", "port %d", "RSV%d", "v%d", "§%d".
var identifierContext = regexp.MustCompile(`(#|§|\bv|RSV|(status|code|port|opcode|year|version|connection) )%[-+ 0-9.]*d`)

// Numbers: an identifier is written %#d, so no language groups its digits
// (close code 1000 never reads "1.000"); a quantity is %d, grouped. And a
// flag's value is quoted as the learner types it (%s), not as a number the
// language formats.
func TestSourceNumbersFollowTheirKind(t *testing.T) {
	s := mustSource(t)
	for key := range s.keys {
		if m := identifierContext.FindString(key); m != "" {
			t.Errorf("%q: %q names something: write %%#d, which no language groups", key, m)
		}
		if m := flagValue.FindString(key); m != "" {
			t.Errorf("%q: %q is a flag's value: pass its text with %%s (flag syntax is not localised)", key, m)
		}
	}
	for _, c := range s.calls {
		if c.args == nil {
			continue
		}
		for i, v := range verbs(c.key) {
			if i >= len(c.args) || !strings.HasSuffix(v, "d") || strings.Contains(v, "#") {
				continue
			}
			if identifierArg.MatchString(c.args[i]) {
				t.Errorf("%s: %s is formatted with %s in %q: an identifier is written %%#d", c.pos, c.args[i], v, c.key)
			}
		}
	}
}

var flagValue = regexp.MustCompile(`--[a-z-]+ %v`)

// The Brazilian Portuguese texts choose a plural form wherever the English
// one does.
func TestPluralsInBothLanguages(t *testing.T) {
	pt := map[string]string{}
	for _, part := range ptBRParts {
		for key, text := range part() {
			pt[key] = text
		}
	}
	for key, text := range enPlurals() {
		if plainForm(text) != key {
			t.Errorf("English plural %q: its other-form %q is not its key", text, plainForm(text))
		}
		if !choicePattern().MatchString(text) {
			t.Errorf("English plural %q chooses nothing", text)
		}

	}
	// The other way round: a count before a plural noun needs a choice.
	s := mustSource(t)
	for key := range s.keys {
		for _, m := range countedNoun.FindAllStringSubmatchIndex(key, -1) {
			noun := key[m[2]:m[3]]
			if slices.Contains(uncounted, noun) || countList.MatchString(key[:m[0]]) {
				continue
			}
			if _, ok := enPlurals()[key]; !ok {
				t.Errorf("%q counts %q: it needs an English plural entry (en.go), or \"1 %s\" is printed", key, noun, noun)
			}
			if tr := pt[key]; ptCounted.MatchString(tr) && !choicePattern().MatchString(tr) {
				t.Errorf("%q counts %q; its pt-BR text counts without a plural choice: %q", key, noun, tr)
			}
		}
	}
}

// countList is a count that ends a list of counts ("%d and %d control
// frames"): the noun is plural whatever the last number.
var countList = regexp.MustCompile(`%[-+ 0-9.]*d (and|or) $`)

// ptCounted finds a count before a plural noun in Portuguese.
var ptCounted = regexp.MustCompile(`%[-+ 0-9.]*d (?:[a-zà-úç]+ )?[a-zà-úç]+s\b`)

// countedNoun finds "%d requests", "%d HTTP requests", "%d more lines".
var countedNoun = regexp.MustCompile(`%[-+ 0-9.]*d (?:(?:HTTP|TCP|client|server|control|more|other|data|pushed) )?([a-z]+s)\b`)

// uncounted are words after a count that are not plural nouns.
var uncounted = []string{"ms", "was", "is", "has", "its", "this", "as", "us", "exceeds"}
