package story

import "strings"

// stopWords carry no story: function words, pronouns, auxiliaries, and
// the verbs and adverbs any spoken answer is made of. They are dropped
// before terms are formed, so "rolled back the deploy" and "rolled back
// that deploy" give the same bigram.
var stopWords = wordSet(`
a about above after again against all almost along already also although
always am among an and another any anybody anyone anything anyway anyways
are around as at away
be became because become been before being below between both but by
came can cannot could
did do does doing done down during
each either else enough even ever every everybody everyone everything
few for from further
gave get gets getting give given go goes going gone got gotten
had has have having he her here hers herself him himself his how however
i if in into is it its itself
just
kept know knew known
less let lets like liked made make makes making many may me might mine more
most much must my myself
need needed needs never no nobody nor not nothing now
of off often oh ok okay on once one only onto or other others otherwise our
ours ourselves out over own
per perhaps pretty probably put
quite
rather really right
said same say saying says see seen she should since so some somebody someone
something sometimes somewhat still such sure
take taken takes taking tell than that the their theirs them themselves then
there these they thing things think thinking this those though thought
through to told too took toward towards
under until up upon us
very via
want wanted wanting wants was way we well went were what whatever when
whenever where whether which while who whoever whole whom whose why will
with within without would
yeah yes yet you your yours yourself yourselves
`)

// fillers are the words speakers use to hold the floor; speech-to-text
// engines keep them. Multi-word fillers ("you know", "i mean", "sort of",
// "kind of") are handled where tokens are read.
var fillers = wordSet(`
um umm uh uhh uhm er erm ah ahh hmm hm mm mhm eh
actually basically literally honestly anyway like
`)

// workplaceWords are words nearly every interview answer uses whatever
// the story: they weigh little even before any history has been seen.
var workplaceWords = wordSet(`
team teams teammate teammates project projects customer customers client
clients manager managers management engineer engineers engineering work
worked working works company companies business product products people
person goal goals problem problems issue issues result results impact
stakeholder stakeholders leadership leader leaders decision decisions
process processes plan plans planned planning feature features launch
launched deadline deadlines meeting meetings feedback review reviews
reviewed system systems change changes changed improve improved
improvement metric metrics user users help helped role task situation
action learn learned lesson lessons experience challenge challenges support
build built building ship shipped deliver delivered delivery approach
solution solutions idea ideas priority priorities prioritize prioritized
requirement requirements scope risk risks tool tools app application
applications software developer developers design designed report reported
update updates question questions colleague colleagues senior junior
director directors boss organization org department group time times day
days week weeks month months year years quarter quarters first second third
last next end start started lot lots bit part whole new old good great big
small better best bad worse worst high low fast slow quick quickly long
short hard easy important able ask asked asking call called talk talked
meet met move moved try tried trying use used using run ran running set
show showed shown found find look looked looking start starting wrote
write written keep keeping happen happened happening realize realized
understand understood decide decided agreed agree disagree disagreed
owner ownership own owned responsible responsibility company's team's
customer's instead real case cases point place example maybe also
especially kind sort mean means basically overall eventually finally
successful success successfully fail failed failure effort efforts
opportunity opportunities communication communicate collaborate
collaboration cross functional stakeholder's strategy strategic vision
initiative initiatives outcome outcomes deliverable deliverables
`)

// domainWords are the everyday vocabulary of software, data and product
// work. A person tells many different stories in these words, so on their
// own they say little about which story it is.
var domainWords = wordSet(`
code coding data database databases service services test tests testing
tested bug bugs fix fixed fixes deploy deployed deploys deployment
deployments release released releases production prod server servers
api apis dashboard dashboards pipeline pipelines model models analysis
analytics query queries sql cloud cost costs costing revenue sales
experiment experiments traffic latency performance scale scaling
incident incidents outage outages alert alerts alerting monitoring
metrics logs logging error errors bugfix sprint sprints roadmap backlog
ticket tickets jira standup standups stand ups meeting agile scrum
requirements spec specs doc docs document documentation architecture
infrastructure platform platforms backend frontend mobile web website
page pages screen screens version versions interview interviews hire
hired hiring candidate candidates vp ceo cto cfo pm pms tpm qa ui ux kpi
kpis okr okrs sla slas pr prs ci cd repo repos github slack email emails
excel spreadsheet spreadsheets survey surveys
`)

// calendarWords are capitalised but are not names.
var calendarWords = wordSet(`
monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december
`)

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
