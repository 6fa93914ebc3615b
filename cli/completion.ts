import { Command, Option } from 'commander';
import { profileNames } from './connection';
import { out } from './output';

/** `strata completion bash|zsh`: a completion script made from the commands themselves. */
export function completionCommand(program: () => Command): Command {
  return new Command('completion')
    .description('print a shell completion script: commands, options, their values and profile names')
    .argument('[shell]', 'bash or zsh')
    .addOption(new Option('--profiles', 'list the profile names of the config file (used by the script)').hideHelp())
    .addHelpText(
      'after',
      `
Install:
  bash:  strata completion bash > ~/.local/share/bash-completion/completions/strata
  zsh:   strata completion zsh > "\${fpath[1]}/_strata"   (or: source <(strata completion zsh) in ~/.zshrc)`,
    )
    .action((shell: string | undefined, options: { profiles?: boolean }, command: Command) => {
      if (options.profiles) return profileNames().forEach((name) => out(name));
      if (shell !== 'bash' && shell !== 'zsh') return command.error(`error: give the shell: strata completion bash|zsh`, { exitCode: 2 });
      const script = bashScript(program());
      out(shell === 'bash' ? script : `#compdef strata\nautoload -U +X bashcompinit && bashcompinit\n${script}`);
    });
}

interface Node {
  path: string;
  command: Command;
}

function walk(command: Command, path = ''): Node[] {
  return [{ path, command }, ...command.commands.flatMap((c) => walk(c, path ? `${path} ${c.name()}` : c.name()))];
}

const visible = (command: Command) => command.options.filter((o) => !o.hidden);
const takesValue = (o: Option) => o.required || o.optional;
const quote = (s: string) => `"${s.replace(/["\\$`]/g, '\\$&')}"`;

/**
 * A bash function: the command path is the words typed so far that name subcommands; after an
 * option that takes a value it offers that option's choices (profile names for --profile, files
 * for files), else the subcommands and options of the command path. `-o default` completes file
 * names when nothing else fits (backup files, -o FILE).
 */
function bashScript(program: Command): string {
  const nodes = walk(program);
  const globals = visible(program).filter((o) => o.long !== '--version');
  const step = nodes
    .filter((n) => n.path !== '')
    .map((n) => {
      const parent = n.path.includes(' ') ? n.path.slice(0, n.path.lastIndexOf(' ')) : '';
      return `      ${quote(`${parent}:${n.command.name()}`)}) cmd=${quote(n.path)} ;;`;
    });
  const values: string[] = [];
  for (const { path, command } of nodes) {
    for (const o of visible(command).filter(takesValue)) {
      const names = [o.long, o.short].filter(Boolean).map((name) => quote(`${command === program ? '*' : path}:${name}`).replace(/^"\*/, '*"'));
      const reply = o.long === '--profile' ? '$(strata completion --profiles 2>/dev/null)' : o.argChoices?.join(' ');
      values.push(`    ${names.join('|')}) ${reply ? `COMPREPLY=($(compgen -W "${reply}" -- "$cur"))` : 'COMPREPLY=()'}; return ;;`);
    }
  }
  const words = nodes.map(({ path, command }) => {
    const options = [...visible(command), ...(command === program ? [] : globals)].flatMap((o) => [o.long, o.short]).filter(Boolean);
    return `    ${quote(path)}) words=${quote([...command.commands.map((c) => c.name()), ...options, '--help'].join(' '))} ;;`;
  });
  return `# strata shell completion (made by \`strata completion\`)
_strata() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" words="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "$cmd:\${COMP_WORDS[i]}" in
${step.join('\n')}
    esac
  done
  case "$cmd:$prev" in
${values.join('\n')}
  esac
  case "$cmd" in
${words.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _strata strata`;
}
