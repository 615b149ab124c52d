"""What the demo directory is made of: kinds of organisation and of service per need.
All invented; names are plausible for Glasgow and Inverclyde, none is a real body."""

# need -> [(service name, description, formats, charge, how to refer)]
SERVICES = {
    "money_benefits": [
        ("Benefits advice drop-in", "Help with Universal Credit, PIP and appeals, forms filled in together.", "in_person phone", "", "self_refer worker_email"),
        ("Income maximisation service", "A full benefits check and help to claim what you are owed.", "phone in_person", "", "worker_portal worker_phone"),
    ],
    "debt": [
        ("Debt advice", "Free, confidential advice on rent and council tax arrears, loans and bailiffs.", "in_person phone online", "", "self_refer worker_email"),
        ("Money worries clinic", "One-to-one help to make a plan for debts.", "in_person", "", "worker_portal"),
    ],
    "housing": [
        ("Tenancy support", "Help to keep a tenancy: repairs, rent, damp and dealing with the landlord.", "in_person phone", "", "worker_email worker_phone"),
        ("Housing options advice", "Advice if you are homeless or at risk of losing your home.", "in_person phone", "", "self_refer worker_phone"),
    ],
    "food": [
        ("Community pantry", "Low-cost shopping for members: pay a small weekly fee, choose your own food.", "in_person", "£3.50 a week", "self_refer"),
        ("Food bank", "Emergency food parcels with a referral voucher.", "in_person", "", "worker_email worker_portal"),
        ("Community meal", "A hot two-course meal and company, pay what you can.", "in_person", "", "self_refer"),
    ],
    "fuel": [
        ("Energy advice", "Help with fuel debt, switching, grants for heating and warm home checks.", "phone in_person", "", "worker_email self_refer"),
    ],
    "employment": [
        ("Employability support", "One-to-one help with CVs, applications and confidence for work.", "in_person online", "", "worker_portal self_refer"),
        ("Volunteering hub", "Find a volunteering role that suits you, with support to start.", "in_person online", "", "self_refer"),
    ],
    "learning_skills": [
        ("ESOL conversation class", "English for speakers of other languages, friendly and informal.", "in_person", "", "self_refer worker_email"),
        ("Adult literacy group", "Reading, writing and numbers at your own pace.", "in_person", "", "worker_email"),
    ],
    "digital": [
        ("Digital drop-in", "Help with a phone, tablet or laptop, getting online and staying safe.", "in_person", "", "self_refer"),
        ("Device lending library", "Borrow a tablet with data and get help to use it.", "in_person", "", "worker_portal"),
    ],
    "social_isolation": [
        ("Befriending service", "A volunteer befriender visits or phones once a week.", "in_person phone", "", "worker_portal worker_email"),
        ("Men's shed", "Woodwork, repairs, tea and company in a friendly workshop.", "in_person", "", "self_refer"),
        ("Lunch club", "Lunch, a blether and an activity for older people.", "in_person", "£2 for lunch", "self_refer worker_phone"),
        ("Knit and natter", "Bring your knitting or learn, tea provided.", "in_person", "", "self_refer"),
    ],
    "mental_wellbeing": [
        ("Wellbeing group", "A gentle peer group for low mood and anxiety, with tea.", "in_person online", "", "worker_portal self_refer"),
        ("Listening service", "Time with a trained listener, by phone or in person.", "phone in_person", "", "worker_email"),
        ("Mindfulness course", "Six weekly sessions to learn to manage stress.", "online in_person", "", "self_refer"),
    ],
    "bereavement": [
        ("Bereavement support", "One-to-one support after a death, by trained volunteers.", "in_person phone", "", "worker_email self_refer"),
    ],
    "relationships": [
        ("Relationship counselling", "Counselling for couples and families.", "in_person online", "Sliding scale from £5", "self_refer"),
    ],
    "parenting": [
        ("Parent and toddler group", "Play, songs and a cuppa for parents and under-fives.", "in_person", "", "self_refer"),
        ("Family support", "Practical and emotional support for families under pressure.", "in_person phone", "", "worker_portal"),
    ],
    "carers": [
        ("Carers support", "Advice, breaks and a carers' group for unpaid carers.", "in_person phone", "", "self_refer worker_email"),
    ],
    "physical_activity": [
        ("Walking group", "A gentle walk at a pace for everyone, then tea.", "in_person", "", "self_refer worker_phone"),
        ("Chair-based exercise", "Seated exercise to music for strength and balance.", "in_person", "£1 a class", "self_refer"),
        ("Community football", "Friendly football for all abilities.", "in_person", "", "self_refer"),
        ("Community garden", "Grow food, get outdoors and meet people.", "in_person", "", "self_refer worker_email"),
    ],
    "healthy_eating": [
        ("Cooking on a budget", "Learn to cook healthy meals cheaply, and eat together.", "in_person", "", "worker_email self_refer"),
        ("Weight management group", "Friendly support to eat well and move more.", "in_person online", "", "gp_letter worker_email"),
    ],
    "long_term_condition": [
        ("Chronic pain peer support", "Meet others living with pain; self-management tips.", "in_person online", "", "self_refer"),
        ("Breathe easy group", "For people living with lung conditions.", "in_person", "", "self_refer gp_letter"),
    ],
    "alcohol_drugs": [
        ("Recovery café", "A safe, substance-free place to meet people in recovery.", "in_person", "", "self_refer"),
        ("Alcohol support service", "One-to-one support to cut down or stop drinking.", "in_person phone", "", "worker_phone self_refer"),
    ],
    "abuse_safety": [
        ("Women's aid outreach", "Support for women experiencing domestic abuse.", "phone in_person", "", "worker_phone self_refer"),
    ],
    "trauma": [
        ("Trauma recovery group", "A stabilisation group for adults affected by trauma.", "in_person", "", "worker_email gp_letter"),
    ],
    "legal_immigration": [
        ("Refugee and asylum support", "Advice, ESOL signposting and a welcome drop-in.", "in_person phone", "", "self_refer worker_email"),
    ],
    "transport": [
        ("Community transport", "Door-to-door minibus for people who cannot use buses.", "phone", "£2 each way", "self_refer worker_phone"),
    ],
    "other": [
        ("Community hub drop-in", "Ask about anything: we will find the right help.", "in_person phone", "", "self_refer"),
    ],
}  # fmt: skip

ORGANISATION_KINDS = [
    "Community Trust", "Advice Centre", "Community Centre", "Housing Association", "Church",
    "Community Projects", "Wellbeing Hub", "Development Trust", "Citizens Advice Bureau",
    "Carers Centre", "Food Network", "Men's Shed", "Recovery Network", "Youth and Family",
    "Community Garden", "Library",
]  # fmt: skip
AREAS = {
    "Govan": "G51", "Ibrox": "G51", "Cardonald": "G52", "Pollok": "G53", "Nitshill": "G53",
    "Castlemilk": "G45", "Parkhead": "G31", "Dennistoun": "G31", "Shettleston": "G32",
    "Easterhouse": "G34", "Springburn": "G21", "Possilpark": "G22", "Maryhill": "G20",
    "Partick": "G11", "Drumchapel": "G15", "Gorbals": "G5", "Govanhill": "G42",
    "Pollokshields": "G41", "Bridgeton": "G40", "Calton": "G40", "Toryglen": "G42",
    "Rutherglen": "G73", "Cambuslang": "G72", "Clydebank": "G81", "Paisley": "PA1",
    "Ferguslie": "PA3", "Renfrew": "PA4", "Greenock": "PA15", "Gourock": "PA19",
    "Port Glasgow": "PA16", "City Centre": "G1", "Anderston": "G3", "Townhead": "G4",
}  # fmt: skip
STREETS = ["Main Street", "High Street", "Church Street", "Station Road", "Victoria Road",
           "Paisley Road", "Shettleston Road", "Langlands Road", "Burleigh Street",
           "Duke Street", "Gallowgate", "Springburn Way", "Crown Street", "Dumbarton Road"]  # fmt: skip
LANGUAGES = [("Polish", "pl"), ("Urdu", "ur"), ("Arabic", "ar"), ("Romanian", "ro"),
             ("Punjabi", "pa"), ("Farsi", "fa"), ("Mandarin", "zh")]  # fmt: skip
DAY_PATTERNS = [["TU"], ["MO", "WE"], ["TH"], ["MO", "TU", "WE", "TH", "FR"], ["FR"], ["WE"],
                ["SA"], ["TU", "TH"]]  # fmt: skip
HOURS = [(10, 12), (13, 15), (9, 17), (18, 20), (11, 14), (10, 16)]
UNMET = [
    ("legal_immigration", "none_exists", "G51"), ("trauma", "wait_too_long", "G53"),
    ("housing", "full", "G45"), ("mental_wellbeing", "wait_too_long", "G51"),
    ("transport", "not_accessible", "G34"), ("relationships", "cost", "G31"),
    ("digital", "none_exists", "PA15"), ("bereavement", "full", "G51"),
    ("alcohol_drugs", "not_eligible", "G45"), ("carers", "not_accessible", "G53"),
    ("social_isolation", "none_exists", "G52"), ("debt", "wait_too_long", "G31"),
]  # fmt: skip
