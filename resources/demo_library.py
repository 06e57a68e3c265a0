"""The demo library's resources (``resources.demo`` seeds them): every topic, format and
audience, with short Markdown bodies. Links point at example.org."""

from .enums import Audience, Format, Topic

A, C, E = Audience.PUBLIC, Audience.CANDIDATES, Audience.ENDORSED

# (slug, title, format, topics, audience, description, body in Markdown)
RESOURCES = [
    (
        "ballot-access-checklist",
        "Getting on the ballot: a plain-language checklist",
        Format.GUIDE,
        [Topic.BALLOT_ACCESS],
        A,
        "What to find out, who to call and what to file, in the order you'll need it.",
        """## Start with one phone call
Call your county or city election office and ask: *"What does it take to get on the ballot for this office?"*
Write down the answers and the name of the person you spoke to.

## What to ask
- The **filing deadline**, and whether it is a postmark or an in-hand date
- Whether you need **petition signatures**, a **filing fee**, or either
- Which **forms** to file, and whether a notary must sign them
- The **residency** rules for the office

## Then
1. Put every date in your calendar, a week early.
2. Collect about half again as many signatures as you need: some will be ruled out.
3. File in person if you can, and keep a stamped copy.
""",
    ),
    (
        "petition-signature-tracker",
        "Petition signature tracker",
        Format.TEMPLATE,
        [Topic.BALLOT_ACCESS, Topic.VOLUNTEERS],
        C,
        "A sheet to count signatures per volunteer and per day, so you know early if you're behind.",
        """Copy the sheet and fill in one row per petition page.

| Column | What goes in it |
|---|---|
| Page | The number written on the petition page |
| Collected by | The volunteer's name |
| Signatures | How many lines are filled |
| Checked | Signatures you checked against the voter list |

**Tip:** check a sample of signatures every week. If many are from outside the district, change where you collect.
""",
    ),
    (
        "first-campaign-budget",
        "Your first campaign budget",
        Format.GUIDE,
        [Topic.BUDGET, Topic.FUNDRAISING],
        A,
        "How much a local race costs, where the money goes, and how to plan before you raise a dollar.",
        """## Work backwards from election day
List what you must pay for: filing fees, literature, signs, a website, postage, and any paid staff.
Put a cost and a date next to each line.

## Three numbers to know
- **What you must spend** to be a real choice for voters
- **What you can likely raise** from people you know
- **The gap**, which is your fundraising plan

Keep a little back for the last two weeks: that is when most voters decide.
""",
    ),
    (
        "campaign-budget-spreadsheet",
        "Campaign budget spreadsheet",
        Format.TEMPLATE,
        [Topic.BUDGET],
        C,
        "A month-by-month budget with income, spending and cash on hand.",
        """Each row is a month; each column a kind of spending.

- Fill in **income** as money arrives, not when it is promised.
- The **cash on hand** column should never go below zero: if it will, move spending later or raise sooner.
- Share a read-only copy with your treasurer every week.
""",
    ),
    (
        "recruiting-volunteers",
        "Recruiting your first ten volunteers",
        Format.GUIDE,
        [Topic.VOLUNTEERS],
        C,
        "Where your first volunteers come from, and how to ask so they say yes.",
        """## Ask people, not crowds
Your first volunteers are people who already know you: neighbours, coworkers, your kids' friends' parents.
A personal ask beats a social media post every time.

## Make the ask small and specific
> "Could you knock doors with me for two hours on Saturday morning?"

is easier to say yes to than *"Do you want to help my campaign?"*

## Say thank you the same day
A text that evening brings people back for a second shift.
""",
    ),
    (
        "volunteer-shift-signup",
        "Volunteer shift sign-up sheet",
        Format.TEMPLATE,
        [Topic.VOLUNTEERS, Topic.FIELD_PLAN],
        C,
        "A printable sheet for events: name, phone, which shifts they'll take.",
        """Print a few copies for every event you attend.

- Ask for a **first name and a phone number**: that is enough to follow up.
- Offer **two or three specific shifts**, with dates and times filled in.
- Call everyone who signed up within two days.
""",
    ),
    (
        "one-page-field-plan",
        "Writing a field plan on one page",
        Format.GUIDE,
        [Topic.FIELD_PLAN, Topic.VOTER_CONTACT],
        C,
        "How many votes you need, how many conversations that takes, and who will have them.",
        """## The arithmetic
1. Look up turnout in the last comparable election.
2. Your **win number** is half of that, plus a margin.
3. Estimate how many conversations it takes to win one vote: often three or four.

## The plan
Divide the conversations by the weeks left. That is your weekly goal for doors and calls.
Write it on one page and put it where your team can see it.
""",
    ),
    (
        "door-knocking-101",
        "Door-knocking 101",
        Format.VIDEO,
        [Topic.VOTER_CONTACT, Topic.FIELD_PLAN],
        A,
        "A short video on knocking your first doors: what to say, what to carry, how to finish.",
        """What the video covers:

- A **30-second introduction** you can say without notes
- How to **listen** for what the voter cares about
- What to write down after each door
- Staying safe: go in pairs, and skip any door that feels wrong
""",
    ),
    (
        "phone-text-banking-toolkit",
        "Phone and text banking toolkit",
        Format.TOOLKIT,
        [Topic.VOTER_CONTACT],
        E,
        "Scripts, a training agenda and a tracking sheet for running your own phone and text banks.",
        """## Inside
- A **call script** and a **text script**, each with answers to common questions
- A one-hour **volunteer training** agenda
- A **results sheet** to record who supports you

Keep scripts short and warm. Volunteers sound best when they use their own words.
""",
    ),
    (
        "telling-your-story",
        "Telling your story in two minutes",
        Format.GUIDE,
        [Topic.COMMUNICATIONS],
        A,
        "Why you're running, in words your neighbours will remember.",
        """## Three parts
1. **Who you are**: one detail that shows where you come from.
2. **What you'll fix**: one problem people in your community feel.
3. **Why you**: what you've already done about it.

Practise it out loud until it feels like talking, not reciting.
""",
    ),
    (
        "press-release-template",
        "Press release template",
        Format.TEMPLATE,
        [Topic.COMMUNICATIONS],
        C,
        "A fill-in-the-blanks release for your launch, with tips for local reporters.",
        """- Put the **news in the first sentence**: who, what, when.
- Add one **quote** that sounds like you.
- End with a line **about you** and your contact details.

Send it to reporters one by one, with a short personal note, rather than to a long list.
""",
    ),
    (
        "debate-prep-toolkit",
        "Debate and forum prep toolkit",
        Format.TOOLKIT,
        [Topic.DEBATE_PREP, Topic.COMMUNICATIONS],
        E,
        "Question banks, a practice-session plan and a one-page answer sheet.",
        """## How to practise
- Ask a friend to play the moderator, and another your opponent.
- Time your answers: most forums allow **one or two minutes**.
- Bring every answer back to your **one main message**.

## On the day
Arrive early, drink water, and remember: the audience wants you to do well.
""",
    ),
    (
        "candidate-forum-practice",
        "Practising for a candidate forum",
        Format.VIDEO,
        [Topic.DEBATE_PREP],
        C,
        "Watch a mock forum, with notes on what worked and what to try instead.",
        """Watch for three things:

1. How the candidate **answers the question asked** before pivoting
2. How they handle a question they **don't know** the answer to
3. How they **close**: a short, hopeful last line
""",
    ),
    (
        "call-time-guide",
        "Call time: asking for money without dread",
        Format.GUIDE,
        [Topic.FUNDRAISING],
        C,
        "How to make fundraising calls, and why it gets easier after the first five.",
        """## Before you dial
Make a list of everyone you know. Next to each name, write an amount to ask for.

## On the call
- Say why you're running.
- **Ask for a specific amount**, then stop talking.
- Whatever they say, thank them.

## After
Send a thank-you the same day, and log the result.
""",
    ),
    (
        "fundraising-basics-course",
        "Fundraising basics",
        Format.COURSE,
        [Topic.FUNDRAISING, Topic.BUDGET],
        C,
        "Our three-lesson course: why people give, building your list and making the ask.",
        """A short course you can take at your own pace. Your progress is saved lesson by lesson.

[Start the course](/trainings/fundraising-basics/)
""",
    ),
    (
        "social-media-setup",
        "Setting up your campaign's social media",
        Format.GUIDE,
        [Topic.DIGITAL, Topic.COMMUNICATIONS],
        A,
        "Which accounts to open, what to post first, and how to keep it manageable.",
        """- Open campaign accounts **separate from your personal ones**.
- Pick **one or two platforms** your voters actually use.
- Post a short video of you explaining why you're running.
- Set aside **15 minutes a day**, rather than an evening a week.
""",
    ),
    (
        "small-budget-digital-ads",
        "Digital ads on a small budget",
        Format.TOOLKIT,
        [Topic.DIGITAL, Topic.FUNDRAISING],
        E,
        "Targeting, creative and spending plans for campaigns with a few hundred dollars.",
        """## Spend late, spend local
Most of a small ad budget does the most good in the **last three weeks**.
Target your district only, and people already registered to vote.

## Keep the ad simple
Your face, your name, the office and the election date.
Check your state's rules on the **"paid for by"** line.
""",
    ),
    (
        "staying-safe",
        "Staying safe as a candidate",
        Format.GUIDE,
        [Topic.SAFETY],
        C,
        "Practical steps for your home, your events and your accounts.",
        """## At events
- Bring a friend, and agree on a signal to leave.
- Know the exits.

## At home
- Use a **PO box** on public forms where the law allows.
- Talk with your family about what to do if someone shows up.

## Online
Turn on **two-factor authentication** on every campaign account.
""",
    ),
    (
        "online-harassment",
        "Online harassment: what to do in the moment",
        Format.GUIDE,
        [Topic.SAFETY, Topic.DIGITAL],
        A,
        "Document, don't engage, and who to tell.",
        """1. **Don't reply.** It rewards the person and spreads the post.
2. **Screenshot** with the date and the address of the page.
3. **Report** it to the platform, and block.
4. **Tell someone**: your team, and the police if there is a threat.

You don't have to read everything. Let a volunteer watch your mentions.
""",
    ),
    (
        "after-election-day",
        "After election day: winning, losing and what comes next",
        Format.GUIDE,
        [Topic.TRANSITION],
        A,
        "Thank-yous, closing your committee, and taking care of yourself.",
        """## Whatever the result
- **Thank** your volunteers and donors within a week.
- File your final **finance reports** on time.
- Rest. Running is hard.

## If you didn't win this time
Many candidates win on their second try. What you built (a list, a team, a name) is still yours.
""",
    ),
    (
        "first-100-days",
        "Your first 100 days in office",
        Format.TOOLKIT,
        [Topic.TRANSITION],
        E,
        "Meeting the staff, learning the budget and keeping the promises you made.",
        """- **Week 1:** meet the clerk and staff; ask how decisions really get made.
- **Month 1:** read the last budget, line by line.
- **Month 3:** report back to the people who elected you.

Pick **one promise** you can start on right away.
""",
    ),
    (
        "monthly-candidate-meetup",
        "Monthly candidate meetup",
        Format.EVENT,
        [Topic.VOLUNTEERS, Topic.COMMUNICATIONS],
        C,
        "An hour online with other first-time candidates, every first Tuesday.",
        """Bring a question, a win or a worry. Each meetup has a short talk and plenty of time to swap tips.

Cameras optional.
""",
    ),
    (
        "ballot-access-office-hours",
        "Ballot access office hours",
        Format.EVENT,
        [Topic.BALLOT_ACCESS],
        C,
        "Drop in with your filing questions; a volunteer who has filed before will help.",
        """Bring the name of the office and your county. We'll look up the rules with you.
""",
    ),
]
