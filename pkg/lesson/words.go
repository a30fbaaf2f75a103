package lesson

// words are the phrases the runner, List and Learn print around the
// lessons: headers, prompts, quiz feedback, the list, what comes next. The
// lessons themselves are translated as files (lessons/pt-BR/...); these are
// the few sentences that live in the code.
//
// A phrase with a %d or %s is a format string; a translation keeps the same
// verbs in the same order (TestWordsVerbsMatch checks). The keys a learner
// types stay the same in every language (Enter, q, s, h and numbers), so the
// prompts name them as they are: "[q] sair", not "[s] sair".
type words struct {
	// The line at the top of a lesson, its parts joined with " · ":
	// "Lesson 4 of 10 · about 10 minutes · Enter to go on, q to quit".
	lesson       string // "Lesson %d" (when the total is not known)
	lessonOf     string // "Lesson %d of %d"
	aboutMinutes string // "about %d minutes"
	keys         string // interactive runs only

	// Prompts between sections. They end with "> " and wait for a line.
	promptContinue string
	promptQuestion string // before a quiz: "question %d of %d"
	promptDemo     string // before a demo: %s is the command
	promptAnswer   string // %d is the number of options
	// promptAnswerOrShow replaces promptAnswer after two wrong answers: a
	// also shows the right one.
	promptAnswerOrShow string
	promptNextLesson   string // at the end of a lesson: %d is the next one
	promptReset        string // learn --reset on a terminal: %s says what

	noMoreInput string // stdin ended: the rest is printed without stopping
	stopped     string // the learner typed q; %s is the command that continues
	// resumed opens a lesson taken up where the learner stopped; %s is the
	// section's title.
	resumed string
	// printedOnly ends a lesson printed without a terminal, which is not
	// marked done; %s is the command that takes it.
	printedOnly string
	later       string // q or end of input at promptNextLesson; %s is the command

	// Demos; %s is the command, as the learner would type it.
	demoSkipped     string
	demoInvalid     string
	demoUnavailable string
	demoFailed      string
	demoStopped     string // the learner typed q at one of the demo's steps

	// promptStep is drawn under the diagram while a demo waits at a step
	// (see StepPrompt). The narrowest diagram leaves it 34 columns.
	promptStep string
	// notesInEnglish is said once a lesson, before its first demo, where
	// part of the diagrams stays English: the protocol's own words (field
	// and header names, arrow labels) are not translated, only the notes
	// and meanings are. English leaves it empty: nothing to say.
	notesInEnglish string

	// Quizzes.
	question    string // "Question %d of %d"
	hint        string // the label before a hint
	noHint      string
	typeNumber  string // empty answer; %d is the number of options
	notAnAnswer string // %q is what was typed, %d the number of options
	right       string
	notQuite    string
	tryAgain    string
	// offerAnswer follows the second wrong answer: the learner may now type
	// a to see the right one.
	offerAnswer string
	theAnswer   string // "%d) %s": the number shown and the option
	answer      string // the label before the right answer, piped runs
	why         string // the label before why it is right

	lessonDone string // "Lesson %d done: %s" (number, title)

	// Learn.
	allFinished  string // %d lessons
	againFromOne string
	orWipe       string
	lastOneLeft  string // %d lessons
	next         string // number, title, minutes
	resetAll     string // %d lessons
	resetOne     string // number, title
	resetWhatAll string // promptReset's %s for every lesson; %d lessons
	resetWhatOne string // promptReset's %s for one lesson: number, title
	resetNot     string // the learner did not confirm
	listHeader   string // "Lessons: %d of %d done"
	listLeft     string // ", about %d minutes left", after listHeader
	listMinutes  string // the unit after each lesson's minutes
	listDone     string // the state of a lesson done
	listNext     string // the state of the next lesson to do
	listAllDone  string
	listContinue string // %s is the command, %d the next lesson; lines up with listPickOne
	listPickOne  string
}

var english = words{
	lesson:       "Lesson %d",
	lessonOf:     "Lesson %d of %d",
	aboutMinutes: "about %d minutes",
	keys:         "Enter to go on, q to quit",

	promptContinue:     "[Enter] continue  [q] quit > ",
	promptQuestion:     "[Enter] quiz: question %d of %d  [q] quit > ",
	promptDemo:         "[Enter] run %s  [s] skip  [q] quit > ",
	promptAnswer:       "Your answer [1-%d]  [h] hint  [q] quit > ",
	promptAnswerOrShow: "Your answer [1-%d]  [a] show the answer  [h] hint  [q] quit > ",
	promptNextLesson:   "[Enter] lesson %d  [q] quit > ",
	promptReset:        "%s [y/N] > ",

	noMoreInput: "(No more input: showing the rest of the lesson without stopping.)",
	stopped:     "Stopped. Continue where you stopped with: %s",
	resumed:     "Continuing where you stopped: %s",
	printedOnly: "(Printed only: a lesson counts as done when you go through it on a terminal, with %s.)",
	later:       "Continue any time with: %s",

	demoSkipped:     "Skipped. Run it yourself any time: %s",
	demoInvalid:     "(This demo could not run: %s)",
	demoUnavailable: "(The demo is not available here. Run it yourself: %s)",
	demoFailed:      "(The demo did not finish. The lesson goes on; try it again later with: %s)",
	demoStopped:     "Demo stopped. Run it again any time: %s",

	promptStep: "⏎ Enter: next step · q: stop demo",

	question:    "Question %d of %d",
	hint:        "Hint:",
	noHint:      "No hint for this one. Read each option slowly and ask: is this always true?",
	typeNumber:  "Type the number of your answer, from 1 to %d.",
	notAnAnswer: "%q is not one of the answers: type a number from 1 to %d.",
	right:       "Right.",
	notQuite:    "Not quite.",
	tryAgain:    "Try another answer.",
	offerAnswer: "Try another answer, or type a to see the right one and why.",
	theAnswer:   "The answer: %d) %s",
	answer:      "Answer:",
	why:         "Why:",

	lessonDone: "Lesson %d done: %s",

	allFinished:  "You have finished all %d lessons. Well done!",
	againFromOne: "Go through them again from the start with: %s",
	orWipe:       "(or wipe your progress with: %s)",
	lastOneLeft:  "That was the last lesson you had left: all %d are done. Well done!",
	next:         "Next: lesson %d, %s (about %d minutes).",
	resetAll:     "Progress reset: all %d lessons are to do again. Start with: %s",
	resetOne:     "Lesson %d (%s) is marked as not done.",
	resetWhatAll: "Forget your progress in all %d lessons?",
	resetWhatOne: "Mark lesson %d (%s) as not done?",
	resetNot:     "Nothing was reset.",
	listHeader:   "Lessons: %d of %d done",
	listLeft:     ", about %d minutes left",
	listMinutes:  "min",
	listDone:     "done",
	listNext:     "next",
	listAllDone:  "All lessons done. Go through one again with: %s (for example %s)",
	listContinue: "Continue with: %s   (lesson %d)",
	listPickOne:  "Or pick one:   %s",
}

var portuguese = words{
	lesson:       "Lição %d",
	lessonOf:     "Lição %d de %d",
	aboutMinutes: "cerca de %d minutos",
	keys:         "Enter para seguir, q para sair",

	promptContinue:     "[Enter] continuar  [q] sair > ",
	promptQuestion:     "[Enter] teste: pergunta %d de %d  [q] sair > ",
	promptDemo:         "[Enter] executar %s  [s] pular  [q] sair > ",
	promptAnswer:       "Sua resposta [1-%d]  [h] dica  [q] sair > ",
	promptAnswerOrShow: "Sua resposta [1-%d]  [a] ver a resposta  [h] dica  [q] sair > ",
	promptNextLesson:   "[Enter] lição %d  [q] sair > ",
	promptReset:        "%s [y/N] > ",

	noMoreInput: "(Acabou a entrada: mostrando o resto da lição sem parar.)",
	stopped:     "Lição interrompida. Para continuar de onde parou: %s",
	resumed:     "Continuando de onde você parou: %s",
	printedOnly: "(Só impressa: uma lição conta como concluída quando você a faz num terminal, com %s.)",
	later:       "Continue quando quiser com: %s",

	demoSkipped:     "Demonstração pulada. Execute você mesmo quando quiser: %s",
	demoInvalid:     "(Esta demonstração não pôde ser executada: %s)",
	demoUnavailable: "(A demonstração não está disponível aqui. Execute você mesmo: %s)",
	demoFailed:      "(A demonstração não terminou. A lição continua; tente de novo mais tarde com: %s)",
	demoStopped:     "Demonstração interrompida. Execute de novo quando quiser: %s",

	promptStep:     "⏎ Enter: avançar · q: parar a demo",
	notesInEnglish: "(Diagramas: explicações em português; nomes e rótulos do protocolo em inglês.)",

	question:    "Pergunta %d de %d",
	hint:        "Dica:",
	noHint:      "Esta pergunta não tem dica. Leia cada opção com calma e pense: isso é sempre verdade?",
	typeNumber:  "Digite o número da sua resposta, de 1 a %d.",
	notAnAnswer: "%q não é uma das respostas: digite um número de 1 a %d.",
	right:       "Certo!",
	notQuite:    "Ainda não.",
	tryAgain:    "Tente outra resposta.",
	offerAnswer: "Tente outra resposta, ou digite a para ver a certa e o porquê.",
	theAnswer:   "A resposta: %d) %s",
	answer:      "Resposta:",
	why:         "Por quê:",

	lessonDone: "Lição %d concluída: %s",

	allFinished:  "Você concluiu todas as %d lições. Muito bem!",
	againFromOne: "Para fazer tudo de novo desde o começo: %s",
	orWipe:       "(ou apague seu progresso com: %s)",
	lastOneLeft:  "Essa era a última lição que faltava: as %d estão concluídas. Muito bem!",
	next:         "Próxima: lição %d, %s (cerca de %d minutos).",
	resetAll:     "Progresso apagado: as %d lições voltam a ficar por fazer. Comece com: %s",
	resetOne:     "A lição %d (%s) foi marcada como não concluída.",
	resetWhatAll: "Esquecer seu progresso nas %d lições?",
	resetWhatOne: "Marcar a lição %d (%s) como não concluída?",
	resetNot:     "Nada foi apagado.",
	listHeader:   "Lições: %d de %d concluídas",
	listLeft:     ", faltam cerca de %d minutos",
	listMinutes:  "min",
	listDone:     "concluída",
	listNext:     "próxima",
	listAllDone:  "Todas as lições concluídas. Para refazer uma: %s (por exemplo %s)",
	listContinue: "Para continuar: %s   (lição %d)",
	listPickOne:  "Ou escolha uma: %s",
}

// catalogue holds the words of each language, by language directory name.
var catalogue = map[string]*words{
	BaseLang: &english,
	"pt-BR":  &portuguese,
}

// StepPrompt is what a demo run by a lesson in lang shows while it waits at
// a step: Enter goes on, q stops the demo.
func StepPrompt(lang string) string {
	return wordsFor(lang).promptStep
}

// wordsFor returns the words for lang, matched as loosely as Load matches
// lesson directories ("pt-BR", "pt_BR.UTF-8", "pt-br" and "pt" all find
// Portuguese). An empty or unknown lang means English.
func wordsFor(lang string) *words {
	names := make([]string, 0, len(catalogue))
	for name := range catalogue {
		names = append(names, name)
	}
	if w, ok := catalogue[pickLang(names, lang)]; ok {
		return w
	}
	return &english
}
