package lang

// ptBRCLI translates what the command line itself says (pkg/cli): hints
// about the terminal, usage errors, help texts.
func ptBRCLI() map[string]string {
	return map[string]string{
		"wsdemo: colours for a dark background: inside tmux or screen wsdemo cannot ask the terminal which background it has. On a light background, use --theme light (or set WSDEMO_THEME=light).": "wsdemo: cores para fundo escuro: dentro do tmux ou do screen o wsdemo não consegue perguntar ao terminal qual é o fundo. Se o seu fundo for claro, use --theme light (ou defina WSDEMO_THEME=light).",
		"wsdemo: colours for a light background: inside tmux or screen wsdemo cannot ask the terminal which background it has. On a dark background, use --theme dark (or set WSDEMO_THEME=dark).":   "wsdemo: cores para fundo claro: dentro do tmux ou do screen o wsdemo não consegue perguntar ao terminal qual é o fundo. Se o seu fundo for escuro, use --theme dark (ou defina WSDEMO_THEME=dark).",
	}
}
