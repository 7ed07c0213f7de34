"""The demo's fixed data: team, departments, jobs, sources, skills and the word lists that
candidates are drawn from. recruit/demo.py builds the rows from these."""

from dataclasses import dataclass

from ats.models import Job
from recruit.accounts.roles import Role
from recruit.candidates.models import Source

DEMO_DOMAIN = "demo.recruit.local"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class TeamMember:
    email: str
    full_name: str
    role: Role | None  # None for the admin: superusers need no group
    time_zone: str


TEAM = (
    TeamMember(ADMIN_EMAIL, "Demo Admin", None, "UTC"),
    TeamMember(f"rita.alvarez@{DEMO_DOMAIN}", "Rita Alvarez", Role.RECRUITER, "Europe/Berlin"),
    TeamMember(f"samuel.okafor@{DEMO_DOMAIN}", "Samuel Okafor", Role.RECRUITER, "America/New_York"),
    TeamMember(f"mei.tanaka@{DEMO_DOMAIN}", "Mei Tanaka", Role.RECRUITER, "Europe/London"),
    TeamMember(f"colin.weber@{DEMO_DOMAIN}", "Colin Weber", Role.COORDINATOR, "Europe/Berlin"),
    TeamMember(
        f"hannah.schmidt@{DEMO_DOMAIN}", "Hannah Schmidt", Role.HIRING_MANAGER, "Europe/Berlin"
    ),
    TeamMember(
        f"david.chen@{DEMO_DOMAIN}", "David Chen", Role.HIRING_MANAGER, "America/Los_Angeles"
    ),
    TeamMember(
        f"priya.raman@{DEMO_DOMAIN}", "Priya Raman", Role.HIRING_MANAGER, "America/New_York"
    ),
    TeamMember(f"ivan.petrov@{DEMO_DOMAIN}", "Ivan Petrov", Role.INTERVIEWER, "Europe/Berlin"),
    TeamMember(f"lucia.moreno@{DEMO_DOMAIN}", "Lucia Moreno", Role.INTERVIEWER, "Europe/Madrid"),
    TeamMember(f"tom.becker@{DEMO_DOMAIN}", "Tom Becker", Role.INTERVIEWER, "America/New_York"),
)

DEPARTMENT_BLURBS = {
    "Engineering": (
        "Engineering is forty people in small product teams. Each team owns its services from "
        "design to on-call, ships several times a day and keeps the pager quiet."
    ),
    "Product": (
        "Product works side by side with engineering and design: we talk to customers every week "
        "and decide with data, then write it down so everyone knows why."
    ),
    "Design": (
        "Design is a small team with a shared design system. We research before we draw and test "
        "with real users before we ship."
    ),
    "Sales": (
        "Sales helps mid-sized companies find out whether we fit. We sell honestly, forecast "
        "carefully and hand customers over to Customer Success with care."
    ),
    "Customer Success": (
        "Customer Success onboards every new customer and stays with them. We answer within hours, "
        "not days, and feed what we hear back into the roadmap."
    ),
    "People": (
        "People looks after hiring, growth and the day-to-day of working here. We run a fair, "
        "structured hiring process and we practise it on ourselves."
    ),
}
DEPARTMENTS = tuple(DEPARTMENT_BLURBS)


@dataclass(frozen=True)
class QuestionSpec:
    label: str
    kind: str
    knockout: tuple[str, ...] = ()
    # For yes / no: how often an applicant answers "no"; for numbers: the range answered.
    no_rate: float = 0.1
    number_range: tuple[int, int] = (0, 10)


@dataclass(frozen=True)
class JobSpec:
    title: str
    department: str
    location: str
    employment_type: str
    status: str
    days_open: int
    mission: str
    skills: tuple[str, ...]
    required: int = 2  # the first `required` skills are required, the rest preferred
    min_years: int | None = None
    remote_policy: str = Job.RemotePolicy.ONSITE
    remote_countries: tuple[str, ...] = ()
    salary: tuple[int, int, str] | None = None  # (from, to, currency) per year
    recruiter: int = 0  # index into the recruiters
    hiring_manager: int = 0  # index into the hiring managers
    interviewers: tuple[int, ...] = ()  # indexes into the interviewers
    blind_review: bool = False
    questions: tuple[QuestionSpec, ...] = ()
    applicants: int = 0  # how many demo candidates apply
    hires: int = 0  # of whom this many are hired


_T = Job.EmploymentType
_S = Job.Status
_R = Job.RemotePolicy
_EU = QuestionSpec("Are you allowed to work in the EU without sponsorship?", "yes_no", ("no",))
_PYTHON_YEARS = QuestionSpec(
    "How many years have you worked with Python?", "number", ("<2",), number_range=(1, 12)
)
_TRAVEL = QuestionSpec(
    "Can you travel to customers up to 30% of the time?", "yes_no", ("no",), no_rate=0.15
)
JOBS = (
    JobSpec("Senior Backend Engineer (Python)", "Engineering", "Berlin, Germany", _T.FULL_TIME,
            _S.OPEN, 21, "Build the services that move candidates through hiring.",
            ("Python", "Django", "PostgreSQL", "Redis"), required=3, min_years=5,
            remote_policy=_R.HYBRID, salary=(75000, 95000, "EUR"), recruiter=0,
            hiring_manager=0, interviewers=(0, 1), questions=(_EU, _PYTHON_YEARS), applicants=28),
    JobSpec("Site Reliability Engineer", "Engineering", "", _T.FULL_TIME, _S.OPEN, 35,
            "Keep Recruit fast and available for thousands of hiring teams.",
            ("Kubernetes", "Terraform", "AWS", "PostgreSQL"), min_years=4,
            remote_policy=_R.REMOTE, remote_countries=("DE", "NL", "PL", "PT", "ES", "GB"),
            salary=(70000, 90000, "EUR"), recruiter=0, hiring_manager=0, interviewers=(0, 2),
            questions=(_EU,), applicants=20),
    JobSpec("Frontend Engineer", "Engineering", "", _T.FULL_TIME, _S.OPEN, 9,
            "Make the pages recruiters live in every day quick and accessible.",
            ("JavaScript", "TypeScript", "React", "Accessibility"), min_years=3,
            remote_policy=_R.REMOTE, recruiter=1, hiring_manager=1, interviewers=(1, 2),
            blind_review=True, applicants=18),
    JobSpec("Engineering Manager, Platform", "Engineering", "New York, NY", _T.FULL_TIME,
            _S.DRAFT, 0, "Lead the team that runs our platform, data stores and tooling.",
            ("Kubernetes", "Python", "Stakeholder management"), min_years=8,
            salary=(190000, 230000, "USD"), recruiter=1, hiring_manager=1),
    JobSpec("Senior Product Manager", "Product", "London, UK", _T.FULL_TIME, _S.OPEN, 14,
            "Own the candidate pipeline and the hiring manager experience.",
            ("Product discovery", "Roadmapping", "SQL", "A/B testing"), min_years=5,
            remote_policy=_R.HYBRID, salary=(85000, 105000, "GBP"), recruiter=2,
            hiring_manager=2, interviewers=(1,), applicants=16),
    JobSpec("Product Designer", "Design", "", _T.FULL_TIME, _S.OPEN, 28,
            "Design the flows recruiters and candidates use end to end.",
            ("Figma", "User research", "Prototyping", "Design systems"), min_years=3,
            remote_policy=_R.REMOTE, remote_countries=("GB", "DE", "NL", "PT", "ES", "FR"),
            recruiter=2, hiring_manager=2, interviewers=(2,), blind_review=True, applicants=16),
    JobSpec("Account Executive, Mid-Market", "Sales", "New York, NY", _T.FULL_TIME, _S.OPEN, 40,
            "Win mid-sized customers in North America.",
            ("Salesforce", "Negotiation", "Prospecting"), min_years=3,
            salary=(70000, 90000, "USD"), recruiter=1, hiring_manager=1, interviewers=(2,),
            questions=(_TRAVEL,), applicants=18, hires=1),
    JobSpec("Customer Success Manager", "Customer Success", "Berlin, Germany", _T.FULL_TIME,
            _S.PAUSED, 60, "Guide a portfolio of customers from onboarding to renewal.",
            ("Onboarding", "Account management", "Zendesk"), min_years=2,
            remote_policy=_R.HYBRID, recruiter=0, hiring_manager=2, interviewers=(1,),
            questions=(_EU,), applicants=12),
    JobSpec("Technical Recruiter", "People", "", _T.CONTRACT, _S.OPEN, 5,
            "Find and win the engineers who will build Recruit next.",
            ("Sourcing", "Interviewing", "Employer branding"), required=1,
            remote_policy=_R.REMOTE, recruiter=2, hiring_manager=0, applicants=12),
    JobSpec("People Operations Intern", "People", "Berlin, Germany", _T.INTERN, _S.CLOSED, 90,
            "Help run onboarding, payroll questions and our internal tools.",
            ("Workday", "Onboarding"), required=1, recruiter=0, hiring_manager=2,
            applicants=10, hires=1),
)  # fmt: skip

_K = Source.Kind
SOURCES = (
    (_K.CAREERS_SITE, "Careers site"),
    (_K.JOB_BOARD, "LinkedIn"),
    (_K.JOB_BOARD, "Indeed"),
    (_K.REFERRAL, "Employee referral"),
    (_K.SOURCING, "LinkedIn Recruiter"),
    (_K.SOURCING, "GitHub"),
    (_K.AGENCY, "Brightpath Talent"),
    (_K.EVENT, "Berlin Tech Job Fair 2025"),
)
# Most people apply on the careers site or come through LinkedIn, as in real funnels.
SOURCE_WEIGHTS = (8, 6, 2, 4, 4, 2, 1, 1)
TAGS = ("silver medalist", "relocation", "visa sponsorship", "remote only", "fast track", "alumni")
SKILLS = {
    "Python": [], "Django": [], "PostgreSQL": ["Postgres", "psql"], "Redis": [],
    "Kubernetes": ["k8s"], "Docker": [], "Terraform": ["TF"], "AWS": ["Amazon Web Services"],
    "Go": ["Golang"], "JavaScript": ["JS", "ECMAScript"], "TypeScript": ["TS"],
    "React": ["React.js", "ReactJS"], "GraphQL": [], "Accessibility": ["a11y", "WCAG"],
    "SQL": [], "Product discovery": [], "Roadmapping": [], "A/B testing": ["split testing"],
    "Jira": [], "Stakeholder management": [], "Figma": [], "User research": ["UXR"],
    "Prototyping": [], "Design systems": [], "Salesforce": ["SFDC"], "HubSpot": [],
    "Negotiation": [], "Prospecting": [], "Enterprise sales": [], "Zendesk": [],
    "Onboarding": [], "Account management": [], "Sourcing": [], "Interviewing": [],
    "Workday": [], "Employer branding": [], "Compensation": ["comp & ben"],
}  # fmt: skip


@dataclass(frozen=True)
class Track:
    """A kind of career: the titles, skills and achievements that go together on a resume."""

    titles: tuple[str, ...]
    skills: tuple[str, ...]
    degree: str
    achievements: tuple[str, ...]


TRACKS = (
    Track(("Software Engineer", "Senior Software Engineer", "Backend Engineer", "Staff Engineer",
           "Site Reliability Engineer", "Frontend Engineer"),
          ("Python", "Django", "PostgreSQL", "Redis", "Kubernetes", "Docker", "Terraform", "AWS",
           "Go", "JavaScript", "TypeScript", "React", "GraphQL"),
          "B.Sc. Computer Science",
          ("Cut p95 API latency from 800 ms to 120 ms by reworking queries and caching",
           "Moved 40 services to Kubernetes with zero customer-facing downtime",
           "Mentored four engineers, two of whom were promoted",
           "Built the billing pipeline that processes 2 million invoices a month",
           "Introduced contract tests that halved production incidents")),
    Track(("Product Manager", "Senior Product Manager", "Product Owner"),
          ("Product discovery", "Roadmapping", "A/B testing", "SQL", "Jira",
           "Stakeholder management"),
          "B.A. Economics",
          ("Launched self-serve onboarding, lifting activation by 18%",
           "Ran 30 customer interviews a quarter and turned them into a clear roadmap",
           "Retired three legacy features, freeing a team for a new product line",
           "Set up product analytics used by every team")),
    Track(("Product Designer", "Senior Product Designer", "UX Researcher"),
          ("Figma", "User research", "Prototyping", "Design systems", "Accessibility"),
          "B.A. Interaction Design",
          ("Built the design system now used by eight product teams",
           "Redesigned checkout, raising conversion by 11%",
           "Brought the web app to WCAG 2.1 AA",
           "Ran weekly usability sessions with customers")),
    Track(("Account Executive", "Sales Development Representative", "Enterprise Account Executive"),
          ("Salesforce", "HubSpot", "Negotiation", "Prospecting", "Enterprise sales"),
          "B.A. Business Administration",
          ("Closed 140% of quota two years running",
           "Opened the DACH market, signing the first 25 customers",
           "Shortened the sales cycle from 90 to 55 days",
           "Trained six new SDRs on outbound prospecting")),
    Track(("Customer Success Manager", "Support Engineer", "Implementation Consultant"),
          ("Zendesk", "Onboarding", "Account management", "SQL", "Salesforce"),
          "B.A. Communication",
          ("Kept gross retention above 95% across a 2 million ARR portfolio",
           "Halved time to first value with a new onboarding playbook",
           "Answered 1,200 tickets with a 97% satisfaction score",
           "Wrote the help centre articles that deflect a third of all tickets")),
    Track(("Technical Recruiter", "People Partner", "Talent Sourcer"),
          ("Sourcing", "Interviewing", "Workday", "Employer branding", "Compensation"),
          "B.A. Psychology",
          ("Hired 35 engineers in a year with a 90% offer acceptance rate",
           "Introduced structured interviews and scorecards across the company",
           "Built the employer brand that doubled inbound applications",
           "Cut time to hire from 52 to 31 days with a weekly pipeline review")),
)  # fmt: skip
# Engineering hires dominate a software company's pipeline.
TRACK_WEIGHTS = (5, 2, 2, 2, 2, 1)

FIRST_NAMES = (
    "Amara", "Ben", "Chloé", "Daniel", "Elif", "Felix", "Grace", "Hiroshi", "Inês", "Jonas",
    "Kwame", "Laura", "Mateo", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Stefan", "Tanvi",
    "Umar", "Valentina", "William", "Ximena", "Yusuf", "Zoe", "Aisha", "Bruno", "Camille", "Diego",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Jensen",
    "Kowalski", "Lindqvist", "Müller", "Nakamura", "O'Brien", "Patel", "Quinn", "Rossi", "Santos",
    "Takahashi", "Nguyen", "Vogel", "Walsh", "Yilmaz", "Zhang",
)  # fmt: skip
COMPANIES = (
    "Brightwave", "Cobalt Systems", "Fernweh Travel", "Kestrel Health", "Lumen Pay",
    "Mosaic Learning", "Nimbus Cloud", "Orbital Freight", "Pinecone Retail", "Quarry Data",
    "Riverstone Bank", "Tandem Mobility", "Juniper Games", "Harbor Insurance",
)  # fmt: skip
LOCATIONS = (
    "Berlin, Germany", "Munich, Germany", "London, UK", "Amsterdam, Netherlands",
    "Lisbon, Portugal", "Madrid, Spain", "New York, NY", "Austin, TX", "San Francisco, CA",
    "Toronto, Canada", "Remote (Poland)", "Remote (Brazil)",
)  # fmt: skip
SCHOOLS = (
    "Technische Universität Berlin", "University of Toronto", "University of Michigan",
    "King's College London", "Universidad de Buenos Aires", "University of Amsterdam",
    "Georgia Institute of Technology", "Universidade do Porto",
)  # fmt: skip
# Reserved for documentation (RFC 2606), so no demo email can ever reach a real inbox.
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
SUMMARY_ENDINGS = (
    "Enjoys small teams that ship often.",
    "Looking for a mission-driven company with a strong writing culture.",
    "Open to relocation within Europe.",
    "Happiest when pairing with customers on hard problems.",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
