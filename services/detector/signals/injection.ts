// The shape of an instruction aimed at the model, as weighted signal families (override of prior instructions,
// addressing the model, secrecy towards the user, fake role/tool-call syntax, sensitive targets, exfiltration
// verbs, references to other tools …). No single family is a verdict; a score is the noisy-OR of the strongest
// signal of each family found close together, so it rises with the number of independent attack traits.
//
// Every regex runs on lower-cased, normalised text, with bounded quantifiers only (no `*`/`+`), so the scan
// is linear in the text length whatever the input (see the adversarial-input test).

export type Family =
  | "override" | "new_task" | "role_marker" | "model_tag" | "addressed_to_model" | "secrecy" | "imperative"
  | "conditional_threat" | "sensitive_path" | "secret_words" | "conversation_data" | "exfil_action" | "smuggle_param"
  | "url_template" | "cross_tool" | "persona" | "fake_tool_call" | "urgency" | "financial" | "code_exec" | "prompt_leak"
  | "authority" | "sensitive_data" | "public_disclosure";

/** Where the text was met: a description the model reads as guidance, or content it reads as data. */
export type Context = "description" | "content";

interface SignalDef {
  family: Family;
  label: string;
  anchors: string[];
  re: RegExp;
  /** Weight in description-like text, in content (results, documents). */
  w: [description: number, content: number];
}

const S = "[^.!?\\n]"; // one character inside the same sentence
const gap = (n: number): string => `${S}{0,${n}}`;
/**
 * `anchors`: `|`-separated literals one of which every match starts with (after look-behinds). The scan finds
 * anchors with one combined regex and tries each signal only where one of its anchors starts (sticky regex),
 * so the cost is one pass over the text plus a few short attempts, not one pass per signal.
 */
const def = (family: Family, label: string, anchors: string, src: string, wd: number, wc: number): SignalDef =>
  ({ family, label, anchors: anchors.split("|"), re: new RegExp(src, "y"), w: [wd, wc] });

const MODEL = "(?:ai|a\\.i\\.|llm|assistant|agent|model|chatbot|bot|gpt|chatgpt|claude|copilot|gemini|language model)";
const HUMAN = "(?:user|users|human|operator|customer|person|people|anyone|them|him|her|owner|developer|admin|employee|staff|recipient|account holder|client|victim|team)";
/** Not negated: "you must not attempt to bypass …" is a rule, not an attack. */
const NOT_NEGATED = "(?<!\\b(?:not|never|n't|cannot|can't|to not|won't)\\s{1,3}(?:attempt to\\s{1,3}|try to\\s{1,3}|be able to\\s{1,3})?)";

export const SIGNALS: readonly SignalDef[] = [
  // Overriding what came before: the core of direct and indirect injection (OWASP LLM01).
  def("override", "ignore previous instructions", "ignore|disregard|forget|override|overrule|abandon|neglect|dismiss|discard|set aside|throw out",
    `${NOT_NEGATED}\\b(?:ignore|disregard|forget|override|overrule|abandon|neglect|dismiss|discard|set aside|throw out)\\b${gap(24)}\\b(?:previous|prior|preceding|above|earlier|former|original|initial|old|existing|current|system|developer|safety)\\b${gap(24)}\\b(?:instructions?|prompts?|directives?|directions|guidelines|guardrails|rules|context|messages|commands|orders|constraints|polic(?:y|ies)|programming|restrictions|conversation|tasks?)\\b`, 0.85, 0.85),
  def("override", "ignore your instructions", "ignore|disregard|forget|override|overrule|abandon|discard",
    `${NOT_NEGATED}\\b(?:ignore|disregard|forget|override|overrule|abandon|discard)\\s{1,3}(?:all\\s{1,3}|any\\s{1,3}|every\\s{1,3})?(?:of\\s{1,3})?(?:your|the|these|those|my|its)?\\s{0,3}(?:instructions|directives|guidelines|guardrails|system prompt|programming|rules you (?:were|have been) given)\\b`, 0.75, 0.75),
  def("override", "bypass safeguards", "bypass|circumvent|evade|disable|turn off|switch off|get around",
    `${NOT_NEGATED}\\b(?:bypass|circumvent|evade|disable|turn off|switch off|get around)\\s{1,3}(?:all\\s{1,3}|any\\s{1,3})?(?:your|the|its)?\\s{0,3}(?:guardrails|safeguards|safety (?:filters?|rules|guidelines|checks|policies)|content (?:filters?|polic(?:y|ies))|ethical (?:guidelines|constraints)|(?:system|developer) (?:prompt|instructions|rules))\\b`, 0.6, 0.6),
  def("authority", "claims priority over the user", "higher|more|greater|top|highest|absolute|take|takes|have|has|supersede|override|treat",
    `\\b(?:higher|more|greater|top|highest|absolute)\\s{1,3}(?:priority|precedence|authority)\\s{1,3}(?:than|over)\\s{1,3}(?:the\\s{1,3}|any\\s{1,3}|all\\s{1,3})?(?:user|system|developer|operator|other|previous|instructions)|\\b(?:takes?|take|have|has)\\s{1,3}precedence\\s{1,3}over\\b|\\b(?:supersedes?|overrides?)\\s{1,3}(?:the\\s{1,3}|any\\s{1,3}|all\\s{1,3})?(?:user|system|developer|previous|prior|other)\\b${gap(12)}\\b(?:instructions?|requests?|prompts?|rules|guidance|messages)|\\btreat\\b${gap(40)}\\bas\\s{1,3}(?:a\\s{1,3})?(?:system|authoritative|trusted|higher[ -]priority|developer)\\s{1,3}(?:instructions?|messages?|prompts?|source|content)`, 0.4, 0.4),
  def("authority", "pre-approved", "pre-approved|preapproved|pre-authori|preauthori|already|authori|approved|sanctioned|mandated|the operator|the administrator|the developer|the owner",
    `\\b(?:pre-?approved|pre-?authori[sz]ed|already (?:been )?(?:approved|authori[sz]ed|consented)|(?:authori[sz]ed|approved|sanctioned|mandated) by (?:it|security|the (?:admin(?:istrator)?|operator|developer|owner|security team|it department|user))|the (?:operator|administrator|developer|owner) has (?:authori[sz]ed|approved|allowed|instructed))\\b`, 0.3, 0.3),
  def("override", "instructions no longer apply", "previous|prior|above|earlier|original|old|all|your",
    `\\b(?:previous|prior|above|earlier|original|old|all|your)\\s{1,3}(?:instructions|rules|guidelines|directives|prompts?)\\s{1,3}(?:are|is|were)\\s{1,3}(?:now\\s{1,3})?(?:void|cancel+ed|revoked|obsolete|outdated|invalid|no longer|superseded|replaced|overridden|null)`, 0.85, 0.85),
  def("new_task", "new instructions", "new|updated|real|actual|true|revised|additional|hidden|secret|important|urgent|special|priority",
    `\\b(?:new|updated|real|actual|true|revised|additional|hidden|secret|important|urgent|special|priority)\\s{1,3}(?:instructions?|directives?|system (?:prompt|message|instructions?)|orders|task for you|rules for you)\\s{0,3}(?::|follow|below|are|is|from)`, 0.45, 0.5),
  def("new_task", "your task is now", "your",
    `\\byour\\s{1,3}(?:new|real|actual|true|only|primary|next|updated|current)?\\s{0,3}(?:task|goal|objective|instructions?|purpose|mission|job|role)\\s{1,3}(?:is|are|will be)\\s{1,3}(?:now|to|as follows)\\b`, 0.35, 0.45),
  def("new_task", "from now on", "from now on|from this point|henceforth|starting now|for the rest of",
    `\\b(?:from now on|from this point (?:on|forward)|henceforth|starting now|for the rest of (?:this|the) (?:conversation|session|chat))\\b`, 0.35, 0.4),
  def("persona", "you are now", "you",
    `\\byou\\s{1,3}(?:are|will be|shall be|must be)\\s{1,3}(?:now|no longer|henceforth)\\b|\\byou(?:'re|’re) now\\b`, 0.4, 0.45),
  def("persona", "pretend / act as", "pretend|roleplay|role-play|imagine|act as|new",
    `\\b(?:pretend|roleplay|role-play|imagine)\\s{1,3}(?:to be|that you are|you are|as)\\b|\\bact as (?:if you (?:are|were)|an? (?:unrestricted|unfiltered|different|new|evil|malicious)|my)\\b|\\bnew (?:persona|identity|personality)\\b`, 0.3, 0.3),
  def("persona", "jailbreak vocabulary", "do anything now|developer mode|dan mode|jailbreak|god mode|unfiltered mode|without|no ethical|no moral|ai|assistant|model|llm|bot|chatbot",
    `\\b(?:do anything now|developer mode|dan mode|jailbreak(?:en|ed|ing)?|god mode|unfiltered mode|without (?:any )?(?:restrictions|limitations|filters|censorship)|no (?:ethical|moral) (?:guidelines|constraints|restrictions))\\b|\\b(?:ai|assistant|model|llm|bot|chatbot)\\s{1,3}(?:with|that has|having)\\s{1,3}no\\s{1,3}(?:restrictions|limits|limitations|filters|rules|guidelines|boundaries)\\b`, 0.45, 0.45),
  def("prompt_leak", "reveal the system prompt", "reveal|print|output|show|repeat|leak|display|dump|return|tell me|recite|write out",
    `\\b(?:reveal|print|output|show|repeat|leak|display|dump|return|tell me|recite|write out)\\b${gap(20)}\\b(?:system prompt|system message|initial (?:prompt|instructions)|hidden (?:prompt|instructions)|your (?:instructions|prompt|rules|guidelines|configuration))\\b`, 0.45, 0.5),

  // Fake conversation structure: chat-template tokens and role labels that try to start a new turn.
  def("role_marker", "chat template token", "<|<<|[",
    `<\\|(?:im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\\|>|\\[/?inst\\]|<<\\/?sys>>|<\\/?s>\\s{0,2}\\[inst|<start_of_turn>|<end_of_turn>`, 0.7, 0.7),
  def("role_marker", "role label line", "system|assistant|ai|developer",
    `(?<=(?:^|\\n)[ \\t]{0,4}(?:#{1,4}[ \\t]{0,3})?)(?:system|assistant|ai|developer)\\s{0,2}(?:message|prompt|instructions?|note|override)?\\s{0,2}:\\s{0,2}\\S`, 0.3, 0.3),
  def("role_marker", "markdown system header", "#",
    `(?<=(?:^|\\n)[ \\t]{0,3})#{1,4}\\s{0,3}(?:system|new instructions?|instructions for (?:the )?${MODEL}|admin(?:istrator)? (?:note|message|override))\\b`, 0.45, 0.45),
  def("model_tag", "instruction tag", "<|[",
    `<\\/?\\s{0,2}(?:important|system|instructions?|admin|secret|hidden|critical|mandatory|priority|override|sys|assistant_only|ai_instructions?|note_to_ai|do_not_show)\\s{0,2}>|\\[(?:important|system|admin|hidden|secret)(?: (?:note|message|instructions?))?\\]`, 0.5, 0.4),

  // Speaking to the model rather than to the reader.
  def("addressed_to_model", "addresses the model", "dear|attention|hey|hello|hi|note to|note for|message to|message for|instruction|reminder",
    `\\b(?:dear|attention|hey|hello|hi|note (?:to|for)|message (?:to|for)|instructions? (?:to|for)|reminder (?:to|for))\\s{1,3}(?:the\\s{1,3}|all\\s{1,3}|any\\s{1,3})?${MODEL}s?\\b`, 0.45, 0.45),
  def("addressed_to_model", "if you are an AI", "if|when|since|because|any|all|every",
    `\\b(?:if|when|since|because) you(?:'re|’re| are)\\s{1,3}(?:an?\\s{1,3})?(?:ai|llm|large language model|language model|assistant|ai assistant|ai agent|agent|bot|chatbot|automated (?:system|agent|assistant))\\b|\\b(?:any|all|every)\\s{1,3}(?:ai|llm|assistant|agent|model)s?\\s{1,3}(?:reading|processing|parsing|seeing|summari[sz]ing|analy[sz]ing)\\b`, 0.5, 0.55),
  def("addressed_to_model", "for AI readers only", "for|the|any|all|every",
    `\\bfor\\s{1,3}(?:the\\s{1,3}|any\\s{1,3}|all\\s{1,3})?(?:ai|llm|automated|autonomous|language[- ]model)\\s{1,3}(?:screeners?|reviewers?|readers?|assistants?|agents?|systems?|tools?|models?|parsers?|graders?|crawlers?|bots?|summari[sz]ers?)\\b|\\b(?:the|any|all|every)\\s{1,3}(?:ai|llm|assistant|agent|model)s?\\s{1,3}(?:(?:system|tool|model|agent|assistant)s?\\s{1,3})?(?:reading|processing|parsing|seeing|handling|summari[sz]ing|analy[sz]ing|reviewing)\\s{1,3}(?:this|these|the)\\b`, 0.5, 0.5),
  def("addressed_to_model", "vocative to the assistant", "assistant|ai|agent|claude|chatgpt|gpt|copilot|gemini|model|llm",
    `(?<=(?:^|\\n|[.!?]\\s{1,3}))(?:assistant|ai|agent|claude|chatgpt|gpt|copilot|gemini|model|llm)\\s{0,2}[,:]\\s{0,3}(?:please\\s{1,3})?(?:ignore|pretend|forget|you|do|send|output|print|reveal|from now|act|stop|disregard|execute|run|call|read|delete|email|forward|now)\\b`, 0.45, 0.45),
  def("addressed_to_model", "this is for the AI", "this|the following",
    `\\b(?:this|the following)\\s{1,3}(?:message|note|instruction|text|section|content)\\s{1,3}(?:is\\s{1,3})?(?:for|to|intended for|addressed to|directed at|meant for)\\s{1,3}(?:the\\s{1,3}|you,?\\s{1,3}the\\s{1,3})?${MODEL}\\b`, 0.5, 0.55),
  def("addressed_to_model", "the model must", "the|ai|llm|assistant|agent|model",
    `\\b(?:the\\s{1,3})?(?:ai|llm|assistant|agent|model)\\s{1,3}(?:must|should|needs to|has to|is required to|shall|will now)\\s{1,3}(?:always\\s{1,3}|immediately\\s{1,3}|now\\s{1,3})?(?:ignore|send|forward|call|execute|run|email|upload|include|reveal|read|delete|transfer|output|respond|reply|say|tell)\\b`, 0.45, 0.5),

  // Secrecy towards the human: the trait that most separates an attack from a strongly-worded manual.
  def("secrecy", "do not tell the user", "do not|don't|don’t|dont|never|must not|mustn't|should not|shouldn't|avoid|refrain from|without",
    `\\b(?:do not|don't|don’t|dont|never|must not|mustn't|should not|shouldn't|avoid|refrain from|without)\\s{1,3}(?:ever\\s{1,3}|explicitly\\s{1,3})?(?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|notify(?:ing)?|alert(?:ing)?|warn(?:ing)?|let(?:ting)?|say(?:ing)?|report(?:ing)?|show(?:ing)?|explain(?:ing)?|expos(?:e|ing)|acknowledg(?:e|ing)|ask(?:ing)?|bother(?:ing)?|confirm(?:ing)? with)\\b${gap(30)}\\b${HUMAN}\\b`, 0.6, 0.6),
  def("secrecy", "without the user knowing", "without",
    `\\bwithout\\s{1,3}(?:the\\s{1,3})?(?:user|human|them|anyone|their|the operator)(?:'s|’s)?\\s{1,3}(?:knowing|noticing|knowledge|awareness|consent|permission|approval|realizing|seeing|being (?:told|informed|notified|aware))\\b`, 0.6, 0.6),
  def("secrecy", "user must not know", "user|users|human|operator|customer|person|people|anyone|them|him|her|owner|developer|admin|employee|staff|recipient|account holder|client|victim|team|hide|conceal|keep",
    `\\b${HUMAN}\\s{1,3}(?:must|should|will|does|need|needs to|is)\\s{1,3}(?:not|never)\\s{1,3}(?:know|see|notice|find out|learn|be (?:told|informed|aware|notified|shown))\\b|\\b(?:hide|conceal|keep)\\b${gap(30)}\\bfrom\\s{1,3}(?:the\\s{1,3})?(?:user|human|operator)\\b`, 0.6, 0.6),
  def("secrecy", "no need to tell the user", "no need|user|users|human|operator|customer|person|people|anyone|them|him|her|owner|developer|admin|employee|staff|recipient|account holder|client|victim|team",
    `\\bno\\s{1,3}need\\s{1,3}to\\s{1,3}(?:tell|inform|notify|ask|alert|bother|involve|consult|confirm with|check with|mention (?:it|this) to)\\s{1,3}(?:the\\s{1,3})?${HUMAN}\\b|\\b${HUMAN}\\s{1,3}(?:doesn't|does not|don't|do not|need not|needn't|won't|will not)\\s{1,3}(?:need to\\s{1,3})?(?:be\\s{1,3})?(?:know|consulted|asked|informed|told|notified|involved|aware|bothered|see (?:this|it))\\b`, 0.55, 0.55),
  def("secrecy", "do it silently", "silently|secretly|covertly|quietly|discreetly|stealthily",
    `(?<!\\b(?:fails?|failing|failed|ignored|discarded|dropped|skipped|exits?|returns?|continues?|is|are|be)\\s{1,3})\\b(?:silently|secretly|covertly|quietly|discreetly|stealthily)\\s{0,2}(?:[.,;!]|$|and\\b)`, 0.3, 0.3),
  def("secrecy", "mention nothing of this", "do not|don't|don’t|never|keep|this is",
    `\\b(?:do not|don't|don’t|never)\\s{1,3}(?:mention|reveal|disclose|say|tell anyone|talk about|reference)\\s{1,3}(?:this|these|that you|that this|the (?:above|following|previous|instruction|note|file|step))\\b|\\b(?:keep|this is)\\s{1,3}(?:this|it|these|that)?\\s{0,3}(?:a\\s{1,3})?(?:secret|hidden|between us|confidential between)\\b`, 0.45, 0.4),
  def("secrecy", "secretly / silently", "secretly|covertly|surreptitiously|discreetly|stealthily|invisibly|quietly|silently",
    `\\b(?:secretly|covertly|surreptitiously|discreetly|stealthily|invisibly|quietly|silently)\\s{1,3}(?:send|forward|copy|add|include|call|run|execute|read|upload|email|exfiltrate|transfer|append|bcc|cc|post|delete|change|modify|record|log|save|store)\\b`, 0.55, 0.55),

  // Imperatives aimed at the agent's next actions (weak alone: manuals are imperative too).
  def("imperative", "you must call/send/read", "you",
    `\\byou\\s{1,3}(?:must|should|need to|have to|are required to|shall|are instructed to|are expected to)\\s{1,3}(?:always\\s{1,3}|first\\s{1,3}|also\\s{1,3}|now\\s{1,3}|immediately\\s{1,3})?(?:call|use|invoke|run|execute|read|send|include|pass|add|append|forward|email|upload|post|fetch|access|retrieve|copy|attach|output|print|ignore|follow|obey|comply)\\b`, 0.2, 0.15),
  def("imperative", "before using this tool", "before|prior to|after|when",
    `\\b(?:before|prior to|after|when(?:ever)?)\\s{1,3}(?:using|calling|invoking|executing|running|you (?:use|call|invoke|run|respond|answer|reply))\\b${gap(40)}\\b(?:tool|function|this|any|anything)\\b${gap(40)}\\b(?:must|always|first|need to|have to|read|call|send|include|pass)\\b`, 0.25, 0.15),
  def("imperative", "always include", "always|also|first|then|immediately|automatically",
    `\\b(?:always|also|first|then|immediately|automatically)\\s{1,3}(?:call|invoke|run|include|send|pass|append|attach|cc|bcc|forward|copy|upload|post|email|read|add the contents?)\\b`, 0.15, 0.1),
  def("imperative", "it is important", "this|it",
    `\\b(?:this|it)\\s{1,3}(?:is|'s)\\s{1,3}(?:very\\s{1,3}|extremely\\s{1,3}|critically\\s{1,3}|absolutely\\s{1,3})?(?:important|crucial|critical|mandatory|essential|vital|required)\\s{1,3}(?:that|to)\\s{1,3}(?:you|the (?:assistant|agent|model|ai))\\b`, 0.25, 0.2),
  def("conditional_threat", "otherwise it will fail", "otherwise|or else|if you|required|needed|necessary",
    `\\b(?:otherwise|or else|if you (?:don't|do not|fail to))\\b${gap(30)}\\b(?:will|would|might)\\s{1,3}(?:not work|not function|fail|crash|break|malfunction|stop working|be (?:blocked|broken|terminated|deleted|lost|incomplete|inaccurate|wrong|rejected|suspended)|produce errors|error)\\b|\\b(?:required|needed|necessary)\\s{1,3}for\\s{1,3}(?:the\\s{1,3})?(?:tool|function|this)\\s{1,3}to\\s{1,3}work\\b`, 0.35, 0.25),

  // What attackers want: secrets, configuration of the agent itself, conversation history.
  def("sensitive_path", "sensitive file path", "~|$home|%userprofile%|/home/|/users/|/root|/.|.|id_|/etc/|mcp.json|claude_desktop_config|wallet.dat|authorized_keys|credentials.json",
    `(?:~|\\$home|%userprofile%|/home/[a-z0-9_.-]{1,32}|/users/[a-z0-9_.-]{1,32}|/root)?/?\\.(?:ssh|aws|gnupg|kube|docker|azure|config/gcloud|cursor|claude|codeium|vscode|bash_history|zsh_history|netrc|npmrc|pypirc|git-credentials|pgpass)\\b|\\bid_(?:rsa|dsa|ecdsa|ed25519)\\b|/etc/(?:passwd|shadow|sudoers)\\b|\\bmcp\\.json\\b|\\bclaude_desktop_config\\b|\\bwallet\\.dat\\b|\\bauthorized_keys\\b|\\bcredentials\\.json\\b|(?<=^|[\\s"'\`(/])\\.env(?:\\.local|\\.production)?\\b`, 0.35, 0.2),
  def("secret_words", "credentials vocabulary", "api|access|secret|private|ssh|password|passphrase|credentials|session|seed|mnemonic|recovery|2fa|otp|one-time",
    `\\b(?:api[ _-]?keys?|access[ _-]?tokens?|secret[ _-]?keys?|private[ _-]?keys?|ssh[ _-]?keys?|passwords?|passphrases?|credentials|session (?:cookies?|tokens?)|seed phrases?|mnemonic|recovery (?:phrase|codes?)|2fa codes?|otp codes?|one-time (?:code|password)s?)\\b`, 0.1, 0.05),
  def("conversation_data", "conversation history", "entire|full|whole|complete|previous|prior|all|conversation|chat|earlier|user|users",
    `\\b(?:(?:entire|full|whole|complete|previous|prior|all)\\s{1,3}(?:conversation|chat|dialog(?:ue)?|message history|context)|(?:conversation|chat)\\s{1,3}(?:history|log|transcript)|previous messages|earlier messages|(?:user|users)(?:'s|’s)?\\s{1,3}(?:messages|emails|personal (?:data|information)|files))\\b`, 0.25, 0.2),

  def("sensitive_data", "private data of the user", "private|confidential|internal|personal|sensitive|secret|session|cookies|environment|env vars|clipboard|browser history|keychain|contact|address book",
    `\\b(?:private|confidential|internal|personal|sensitive|secret)\\s{1,3}(?:repositor(?:y|ies)|repos?|files?|documents?|data|messages?|channels?|emails?|notes?|keys?|records?|information|conversations?)\\b|\\b(?:session\\s{1,3})?cookies\\b|\\b(?:environment variables|env vars|clipboard|browser history|keychain|contacts? list|address book)\\b`, 0.3, 0.2),
  def("public_disclosure", "publish to a public place", "include|post|put|add|copy|paste|publish|share|write|upload|create",
    `\\b(?:include|post|put|add|copy|paste|publish|share|write|upload|create)\\b${gap(60)}\\b(?:public|external|third[- ]party|anonymous|world-readable|open)\\s{1,3}(?:issue|repo|repository|gist|paste(?:bin)?|channel|page|post|comment|url|server|site|bucket|forum|pull request)\\b`, 0.3, 0.3),

  // Moving data out.
  def("exfil_action", "send it to an address", "send|post|upload|forward|transmit|exfiltrate|leak|submit|email|e-mail|mail|copy|share|deliver|relay|pipe|beam|bcc|cc",
    `\\b(?:send|post|upload|forward|transmit|exfiltrate|leak|submit|email|e-mail|mail|copy|share|deliver|relay|pipe|beam|bcc|cc)\\b${gap(100)}\\b(?:to|at|via|into)\\s{1,3}(?:https?:\\/\\/|ftp:\\/\\/|wss?:\\/\\/|[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}\\.[a-z]|(?:the|this|my|our|following|below|an? external|a remote)\\s{1,3}(?:url|address|endpoint|server|webhook|email|inbox|link|site|domain|api)|[a-z0-9-]{1,63}\\.(?:com|net|org|io|xyz|ru|cn|top|site|info|biz|app|dev|me|co|tk|ml|ga)\\b)`, 0.3, 0.25),
  def("smuggle_param", "pass the contents as a parameter", "include|pass|put|add|append|embed|insert|attach|encode|paste|place|provide|supply|write|send",
    `\\b(?:include|pass|put|add|append|embed|insert|attach|encode|paste|place|provide|supply|write|send)\\b${gap(40)}\\b(?:contents?|content|value|values|text|data|output|results?|response|history|keys?|tokens?|password|secret|credentials|file)\\b${gap(40)}\\b(?:as|in|into|inside|within|to|via)\\s{1,3}(?:the\\s{1,3}|a\\s{1,3}|an\\s{1,3}|its\\s{1,3})?(?:['"\`][a-z_][a-z0-9_]{0,30}['"\`]|(?:['"\`]?[a-z_][a-z0-9_]{0,30}['"\`]?\\s{1,3})?(?:parameter|argument|field|param|query(?: string)?|url|header|sidenote|side note|metadata|request body|payload)\\b)`, 0.45, 0.35),
  def("url_template", "URL with a data placeholder", "http",
    `https?:\\/\\/[^\\s"'<>)]{1,200}[?&#][a-z0-9_.-]{1,30}=(?:\\{\\{?\\s{0,2}[a-z_$][a-z0-9_. -]{0,40}\\}|\\[[a-z_ ]{2,40}\\]|<[a-z_ -]{2,40}>|\\$\\{[a-z_][a-z0-9_.]{0,40}\\}|\\$[a-z_]{2,40}\\b|\\.\\.\\.|x{3,8}\\b|(?:data|secret|secrets|token|key|password|history|content|base64|encoded|info|conversation|messages?|chat)\\b(?![=&-]))`, 0.45, 0.45),
  def("financial", "move money to an account", "transfer|wire|send|pay|move|deposit|remit",
    `\\b(?:transfer|wire|send|pay|move|deposit|remit)\\b${gap(40)}(?:\\$\\s{0,2}\\d|€\\s{0,2}\\d|£\\s{0,2}\\d|\\b\\d[\\d,.]{0,12}\\s{0,2}(?:usd|eur|gbp|dollars|euros|btc|eth|usdc|usdt|sol|bitcoins?|ether)\\b|\\ball (?:the |your |of the )?(?:funds|money|balance|crypto|tokens|assets))${gap(60)}\\b(?:to|into)\\s{1,3}(?:the\\s{1,3}|this\\s{1,3}|following\\s{1,3}|my\\s{1,3})?(?:account|wallet|iban|address|routing|beneficiary)`, 0.45, 0.45),

  // Reaching into other tools / servers (shadowing, cross-server contamination).
  def("cross_tool", "refers to other tools", "other|another|all|any|every|remaining|existing|available",
    `\\b(?:other|another|all|any|every|remaining|existing|available)\\s{1,3}(?:tools?|functions?|mcp servers?|servers?|plugins?|integrations?)\\b${gap(40)}\\b(?:must|should|will|shall|need|always|never|call|use|send|include|first)\\b`, 0.25, 0.15),
  def("cross_tool", "when the X tool is called", "when|whenever|if|before|after|each time",
    `\\b(?:when|whenever|if|before|after|each time)\\b${gap(20)}\\b(?:calls?|uses?|invokes?|runs?|using|calling)\\s{1,3}(?:the\\s{1,3})?['"\`]?[a-z][a-z0-9]{0,30}(?:[_-][a-z0-9]{1,30}){1,4}['"\`]?\\s{0,3}(?:tool|function)?\\b|\\b(?:when|whenever|if|before|after|each time)\\s{1,3}(?:the\\s{1,3})?['"\`]?[a-z][a-z0-9]{0,30}(?:[_-][a-z0-9]{1,30}){1,4}['"\`]?\\s{1,3}(?:tool\\s{1,3}|function\\s{1,3})?(?:is|gets|was|has been)\\s{1,3}(?:called|used|invoked|run|executed)\\b`, 0.3, 0.15),
  def("cross_tool", "side effect on another tool", "side|affect|modif|change|override|replace|shadow|redefine|instead of",
    `\\b(?:side[ -]effects?|affects?|modif(?:y|ies)|changes?|overrides?|replaces?|shadows?|redefines?)\\b${gap(30)}\\b(?:the\\s{1,3})?(?:behaviou?r of\\s{1,3}(?:the\\s{1,3})?)?(?:also\\s{1,3}present\\s{1,3}|other\\s{1,3})?['"\`]?[a-z][a-z0-9]{0,30}(?:[_-][a-z0-9]{1,30}){1,4}['"\`]?\\s{1,3}(?:tool|function)\\b|\\binstead of (?:using |calling )?(?:the\\s{1,3})?['"\`]?[a-z][a-z0-9_-]{1,40}['"\`]?\\s{1,3}(?:tool|function)\\b`, 0.45, 0.25),

  // Fake tool-call syntax in data: asks the agent to "continue" a call that never happened.
  def("fake_tool_call", "tool-call markup", "<|```",
    `<\\s{0,2}\\/?\\s{0,2}(?:tool_call|tool_use|tool_calls|function_call|function_calls|invoke|antml:[a-z_]{1,24}|tool_result|function_results|tool_code|execute_tool)\\b|\`\`\`\\s{0,2}(?:tool_code|tool_call|function_call)\\b`, 0.55, 0.55),
  def("fake_tool_call", "JSON tool call", "{",
    `\\{\\s{0,4}"(?:name|tool|tool_name|function|recipient_name)"\\s{0,4}:\\s{0,4}"[a-z0-9_.:-]{1,64}"\\s{0,4},\\s{0,4}"(?:arguments|parameters|args|input|params)"\\s{0,4}:\\s{0,4}\\{`, 0.4, 0.35),
  def("fake_tool_call", "call the tool with", "call|invoke|run|execute|use",
    `\\b(?:call|invoke|run|execute|use)\\s{1,3}(?:the\\s{1,3})?(?:tool|function)\\s{1,3}['"\`]?[a-z][a-z0-9_.-]{1,64}['"\`]?\\s{1,3}with\\s{1,3}(?:the\\s{1,3})?(?:arguments?|parameters?|args|input)\\b`, 0.3, 0.35),

  def("fake_tool_call", "call the named tool with", "call|invoke|run|execute|use",
    `\\b(?:call|invoke|run|execute|use)\\s{1,3}(?:the\\s{1,3})?['"\`][a-z][a-z0-9_.-]{1,64}['"\`]\\s{1,3}(?:tool|function)\\s{1,3}with\\b`, 0.3, 0.3),
  def("urgency", "urgency / authority", "urgent|immediately|right now|asap|without delay|top priority|highest priority|mandatory|non-negotiable|by order of|authorized by|per",
    `\\b(?:urgent(?:ly)?|immediately|right now|asap|without delay|top priority|highest priority|mandatory|non-negotiable|by order of|authorized by|per (?:the )?(?:security|compliance|admin) (?:team|policy))\\b`, 0.08, 0.08),
  def("code_exec", "download and execute", "curl|wget|iwr|invoke-webrequest|rm|powershell|pwsh|base64|nc|/dev/tcp/",
    `\\b(?:curl|wget|iwr|invoke-webrequest)\\b[^|\\n]{1,200}\\|\\s{0,3}(?:sudo\\s{1,3})?(?:ba|z|k)?sh\\b|\\brm\\s{1,3}-rf\\s{1,3}(?:\\/|~|\\$home|\\*)|\\b(?:powershell|pwsh)(?:\\.exe)?\\s{1,3}-(?:e|enc|encodedcommand)\\b|\\bbase64\\s{1,3}(?:-d|--decode)\\s{0,3}\\|\\s{0,3}(?:ba)?sh\\b|\\bnc\\s{1,3}-e\\b|\\/dev\\/tcp\\/`, 0.35, 0.2),
];

export interface SignalHit {
  family: Family;
  label: string;
  weight: number;
  at: number;
  len: number;
  /** Found in a decoded run (base64, hex, URL, HTML entities, tag characters) rather than the visible text. */
  decoded?: string;
}

export interface InjectionScore {
  score: number;
  /** The hits that produced `score` (one per family, strongest first). */
  top: SignalHit[];
}

const MAX_HITS_PER_SIGNAL = 4;
const MAX_HITS = 160;
/** Signals count together only within this many characters: long documents do not add up scattered words. */
export const WINDOW = 700;

interface AnchorEntry { anchor: string; signals: number[] }

const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c >= 0xc0;
/** Small-integer key of the first `n` (2 or 3) ASCII characters at `p`, tagged with `n`; -1 if not ASCII. */
function keyAt(s: string, p: number, n: number): number {
  const a = s.charCodeAt(p), b = s.charCodeAt(p + 1);
  if (a > 127 || b > 127) return -1;
  if (n === 2) return (a << 7) | b;
  const c = s.charCodeAt(p + 2);
  return c > 127 || Number.isNaN(c) ? -1 : (1 << 21) | (a << 14) | (b << 7) | c;
}

/**
 * Anchors indexed by a small-integer key of their first 2 (two-letter anchors) or 3 characters: at each word
 * start the scanner does two Map lookups, at each symbol one; a candidate is confirmed with startsWith.
 */
const ANCHORS: { words: Map<number, AnchorEntry[]>; symbols: Map<number, AnchorEntry[]> } = (() => {
  const map = new Map<string, number[]>();
  SIGNALS.forEach((sig, i) => { for (const a of sig.anchors) { const l = map.get(a); if (l) { if (!l.includes(i)) l.push(i); } else map.set(a, [i]); } });
  const words = new Map<number, AnchorEntry[]>();
  const symbols = new Map<number, AnchorEntry[]>();
  for (const [anchor, signals] of map) {
    const word = isWordCode(anchor.charCodeAt(0));
    const target = word ? words : symbols;
    const k = word ? keyAt(anchor, 0, anchor.length >= 3 ? 3 : 2) : anchor.charCodeAt(0);
    const l = target.get(k);
    if (l) l.push({ anchor, signals }); else target.set(k, [{ anchor, signals }]);
  }
  return { words, symbols };
})();

export function findSignals(lower: string, ctx: Context, out: SignalHit[], decoded?: string): void {
  const n = lower.length;
  if (n < 8) return;
  const wi = ctx === "description" ? 0 : 1;
  const counts = new Uint8Array(SIGNALS.length);
  const triedAt = new Int32Array(SIGNALS.length).fill(-1);
  const tryEntries = (entries: AnchorEntry[] | undefined, p: number): void => {
    if (!entries) return;
    for (const entry of entries) {
      if (!lower.startsWith(entry.anchor, p)) continue;
      for (const i of entry.signals) {
        if (triedAt[i] === p || counts[i]! >= MAX_HITS_PER_SIGNAL || out.length >= MAX_HITS) continue;
        triedAt[i] = p;
        const sig = SIGNALS[i]!;
        sig.re.lastIndex = p;
        const hm = sig.re.exec(lower);
        if (!hm || hm[0].length === 0) continue;
        counts[i]!++;
        const hit: SignalHit = { family: sig.family, label: sig.label, weight: sig.w[wi], at: p, len: hm[0].length };
        if (decoded) hit.decoded = decoded;
        out.push(hit);
      }
    }
  };
  let prevWord = false;
  for (let p = 0; p < n; p++) {
    const c = lower.charCodeAt(p);
    const word = isWordCode(c);
    if (word) {
      if (!prevWord && p + 1 < n) {
        tryEntries(ANCHORS.words.get(keyAt(lower, p, 2)), p);
        if (p + 2 < n) tryEntries(ANCHORS.words.get(keyAt(lower, p, 3)), p);
      }
    } else if (c > 32 && c < 127) {
      tryEntries(ANCHORS.symbols.get(c), p);
    }
    prevWord = word;
    if (out.length >= MAX_HITS) break;
  }
}

/**
 * Noisy-OR over families inside the densest window: P(attack) = 1 − Π(1 − w_f), w_f the strongest hit of
 * family f in the window. Hits from decoded runs are positioned at their run and count as their own family
 * too ("hidden in an encoding" is itself a trait).
 */
export function scoreHits(hits: SignalHit[], extraFamilies: { family: string; weight: number }[] = []): InjectionScore {
  if (hits.length === 0) return { score: noisyOr(extraFamilies.map((e) => e.weight)), top: [] };
  const sorted = hits.length > 1 ? [...hits].sort((a, b) => a.at - b.at) : hits;
  let best: InjectionScore = { score: 0, top: [] };
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!.at;
    const byFamily = new Map<string, SignalHit>();
    let anyDecoded = false;
    for (let j = i; j < sorted.length && sorted[j]!.at - start <= WINDOW; j++) {
      const h = sorted[j]!;
      if (h.decoded) anyDecoded = true;
      const cur = byFamily.get(h.family);
      if (!cur || h.weight > cur.weight) byFamily.set(h.family, h);
    }
    const weights = [...byFamily.values()].map((h) => h.weight);
    if (anyDecoded) weights.push(0.2);
    const score = noisyOr([...weights, ...extraFamilies.map((e) => e.weight)]);
    if (score > best.score) best = { score, top: [...byFamily.values()].sort((a, b) => b.weight - a.weight) };
    if (i > 0 && sorted[i]!.at - sorted[0]!.at > 64 * WINDOW) break;
  }
  return best;
}

export function noisyOr(weights: number[]): number {
  let p = 1;
  for (const w of weights) p *= 1 - Math.min(Math.max(w, 0), 1);
  return Math.round((1 - p) * 1000) / 1000;
}

/** Text that reaches every signal's regex once (all anchors): used to compile them before timing matters. */
export const WARM_UP_TEXT = SIGNALS.flatMap((s) => s.anchors).join(" x. ");
