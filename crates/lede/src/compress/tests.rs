use super::model::by_kind;
use super::*;

fn all_kinds() -> Compressor {
    let weights: Vec<(CutKind, f32)> = CutKind::ALL.iter().map(|&k| (k, 5.0)).collect();
    Compressor::new(std::sync::Arc::new(by_kind(&weights, 0.5)))
}

fn squeeze(s: &str) -> String {
    all_kinds().compress(s, 0..s.len()).text
}

#[test]
fn attribution_and_asides_go() {
    assert_eq!(
        squeeze(
            "Secretary of State John Kerry is convening roughly a dozen Arab and European \
             countries later this week on ending Syria's civil war, senior State Department \
             officials told CNN."
        ),
        "Secretary of State John Kerry is convening roughly a dozen Arab and European \
         countries later this week on ending Syria's civil war."
    );
    assert_eq!(
        squeeze("But on Tuesday, the company said that it would close three plants in Ohio."),
        "The company said that it would close three plants in Ohio."
    );
    assert_eq!(
        squeeze("the 35 - year - old suspect , who was described as an illegal immigrant , died from severe injuries before officers could rescue him , police said ."),
        "the 35 - year - old suspect died from severe injuries before officers could rescue him ."
    );
}

#[test]
fn quotes_numbers_negations_and_names_stay() {
    // The attribution of a direct quote stays, and nothing inside the quote goes.
    let q = "\"There were thousands of them, however, many of them students,\" Doungal said.";
    assert_eq!(squeeze(q), q);
    // A number, a negation and a modal inside a candidate protect it.
    let s = "The plant, which employs 300 people, will close next year, officials said.";
    assert_eq!(
        squeeze(s),
        "The plant, which employs 300 people, will close next year."
    );
    // A time phrase inside the sentence stays; "although none ..." holds a negation.
    let s = "The men were freed on Tuesday, although none of them had been charged.";
    assert_eq!(squeeze(s), s);
    // Too short to lose anything.
    let s = "He left, police said.";
    assert_eq!(squeeze(s), s);
}

#[test]
fn spans_point_into_the_input_and_edits_are_recorded() {
    let text = "Intro. However, the storm, which formed last week, hit the coast of Texas early \
                on Friday, forecasters said. Outro.";
    let start = text.find("However").unwrap();
    let end = text.find(" Outro").unwrap();
    let c = all_kinds().compress(text, start..end);
    assert!(c.capitalized);
    assert!(!c.period_added);
    assert_eq!(c.text, "The storm hit the coast of Texas early on Friday.");
    let joined: Vec<&str> = c.spans.iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(
        joined,
        ["the storm", "hit the coast of Texas early on Friday", "."]
    );
    for w in c.spans.windows(2) {
        assert!(w[0].1 < w[1].0);
    }
    let kinds: Vec<CutKind> = c.cuts.iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&CutKind::LeadingConnective));
    assert!(kinds.contains(&CutKind::TrailingAttribution));
}

#[test]
fn readability_checks() {
    assert!(opens_with_pronoun("He said the talks would resume."));
    assert!(opens_with_pronoun("\"They came at night,\" she said."));
    assert!(!opens_with_pronoun("Police said the talks would resume."));
    assert!(opens_with_connective("But the talks failed."));
    assert!(!opens_with_connective("Butter prices rose."));
}

#[test]
fn the_builtin_model_loads() {
    let m = CutModel::builtin();
    assert_eq!(m.weights.len(), CUT_FEATURES);
    assert!(CutModel::from_json("{}").is_err());
}

#[test]
fn round_three_faults_stay_fixed() {
    // The time phrase dates the month; cutting it would move the date.
    let s =
        "phillip brooks , cm punk 's real name , last appeared in the wwe in january last year .";
    assert!(
        squeeze(s).contains("in january last year"),
        "{}",
        squeeze(s)
    );
    // A newspaper's name is not a time phrase: the attribution goes whole or stays whole.
    let s = "the three american finalists together have almost 75 years of experience in classrooms , according to usa today .";
    assert!(!squeeze(s).contains("according to usa ."), "{}", squeeze(s));
    let s = "The three finalists together have almost 75 years of experience in classrooms, a survey by USA Today found.";
    assert!(squeeze(s).contains("USA Today"), "{}", squeeze(s));
    // "So begins ...": the connective opens an inversion and stays.
    let s =
        "So begins the dreamy theme song intro to the strangely addictive Cartoon Network TV show.";
    assert!(squeeze(s).starts_with("So begins"), "{}", squeeze(s));
    // A time phrase after a plain word still goes.
    assert_eq!(
        squeeze(
            "The festival drew thousands of visitors to the old harbour in Edinburgh last week."
        ),
        "The festival drew thousands of visitors to the old harbour in Edinburgh."
    );
}

/// The rest of round 3's faults (bench/blind_read/round3): each sentence with every cut the
/// rules allow taken, as the most eager model would.
#[test]
fn round_three_asides_and_clauses_stay_whole() {
    // The second comma of a cut aside is kept where the first one closes something else.
    assert_eq!(
        squeeze(
            "The call from Faleh Essawi, the deputy chief of the provincial council, who we \
             were supposed to be meeting up with, came just as we were about to hit the bridge."
        ),
        "The call from Faleh Essawi, the deputy chief of the provincial council, came just as \
         we were about to hit the bridge."
    );
    let s = squeeze(
        "when his upcoming fight against clint hester was scrapped from the ufc 's fairfax card \
         on april 4 , after hester developed a foot injury , barnatt was on the hunt for a \
         replacement opponent .",
    );
    assert!(!s.contains("april 4 barnatt"), "{s}");
    let s = squeeze(
        "the world 's most remote inhabited archipelago stands 1,243 miles from saint helena , \
         its closest neighbour with residents , 1,491 miles from south africa and 2,088 miles \
         from south america .",
    );
    assert!(!s.contains("helena 1,491"), "{s}");
    let s = squeeze(
        "\"ISIS has taken the east of the city, it's not accessible,\" he says, sounding \
         frantic, rapidly rattling off the neighborhoods and areas ISIS fighters had just \
         stormed into.",
    );
    assert!(!s.contains("says rapidly"), "{s}");
    // An aside whose second comma opens a clause, or that held a subject, is not one.
    let s = squeeze(
        "The pair married March 21 at the University of Texas M.D. Anderson Cancer Center, \
         after John, who was to turn 31 tomorrow, was told his cancer was terminal.",
    );
    assert!(!s.contains("Center who"), "{s}");
    let s = squeeze(
        "The pet, who is also completely deaf, had the scan, last month after his owner Lynne \
         Edwards from Huntington in Cambridgeshire, noticed a lump behind his ear.",
    );
    assert!(!s.contains("scan noticed"), "{s}");
    // A noun phrase after a participle's second comma goes with it.
    let s = squeeze(
        "israeli prime minister benjamin netanyahu coasted to victory in tuesday 's elections , \
         defying pre-election polls showing his likud party trailing his main rival , the \
         center - left zionist union .",
    );
    assert!(!s.contains("elections the center"), "{s}");
}

#[test]
fn round_three_phrases_keep_what_they_need() {
    // The second term of a comparison stays.
    let s = squeeze(
        "that the rfu are prepared to hand over around £ 150,000 suggests the twickenham \
         hierarchy were just as keen to part company with jevans as she was to leave them .",
    );
    assert!(s.contains("as she was to leave them"), "{s}");
    // A span of time is measured to what follows it.
    let s = squeeze(
        "a veterinary student was killed in a murder - suicide just two months before \
         graduation and days before she was expected to attend job interviews .",
    );
    assert!(!s.ends_with("and days ."), "{s}");
    // An inverted sentence keeps its verb; a clause keeps the name a pronoun points to.
    let s = squeeze(
        "wearing blue was dustin johnson , the party boy who took a six - month leave of \
         absence to mend his wild ways .",
    );
    assert!(s.starts_with("wearing blue was dustin johnson"), "{s}");
    let s = squeeze(
        "as tim krul raced out , barkley danced around him , the ball never leaving his feet .",
    );
    assert!(s.contains("tim krul"), "{s}");
    // Only a participle before "as": the main verb is inside the phrase, which stays.
    let s = squeeze(
        "A southern Iowa chiropractor accused of accepting sex as payment for his services and \
         performing exorcisms on patients has surrendered his state license.",
    );
    assert!(s.contains("has surrendered his state license"), "{s}");
    // A name after a bare role noun is its head.
    let s = squeeze(
        "Jiang asked the Austin, Texas, Krispy Kreme manager (Jackie Braun) to make him five \
         interlinked donuts.",
    );
    assert!(s.contains("(Jackie Braun)"), "{s}");
    // A long "according to" phrase says what the rest is about.
    let s = squeeze(
        "According to the Heathrow Airport guidelines on its website regarding baby food and \
         milk, the airport asks that travelers carry only what they need for the flight.",
    );
    assert!(s.starts_with("According to"), "{s}");
    // A short one still goes.
    assert_eq!(
        squeeze("According to police, the suspect fled the scene in a stolen car."),
        "The suspect fled the scene in a stolen car."
    );
}

/// Faults of round 4 (bench/blind_read/round4) and of a read of other cased highlights.
#[test]
fn round_four_faults_stay_fixed() {
    // A caption with no verb of its own outside the relative clause keeps its participle.
    let s = squeeze(
        "francis coquelin , who suffered a fractured nose in arsenal 's previous match , playing \
         in his protective mask .",
    );
    assert!(s.contains("playing in his protective mask"), "{s}");
    // A second predicate after a dash takes the dash with it.
    let s = squeeze(
        "O'Sullivan was also spoken to by the referee Olivier Marteel towards the end of the \
         afternoon session - and warned about his behaviour.",
    );
    assert!(!s.contains("session -."), "{s}");
    // "Previously" bounds the claim in time.
    let s = "Previously, only the Liberal Democrats had promised to add the crucial lessons to \
             the school curriculum.";
    assert!(squeeze(s).starts_with("Previously"), "{}", squeeze(s));
    // A relative clause before a subordinate phrase stays: the phrase would attach elsewhere.
    let s = squeeze(
        "the arsenal striker was eager to show off his keep - ups skills , which were \
         impressive , despite using a rugby ball .",
    );
    assert!(s.contains("which were impressive"), "{s}");
    // No comma is left between a subject and its verb.
    let s = squeeze(
        "despite making his first - class debut at 27 , appleyard , who bowled a mixture of \
         medium pace and off spin , wasted no time in taking 200 wickets in his maiden season .",
    );
    assert!(!s.contains("appleyard , wasted"), "{s}");
    // The second of a pair stays with the first.
    let s = squeeze(
        "Saudi Arabia signed off on letting the ICRC into Yemen via two aircraft -- one with \
         medical supplies, the other with workers.",
    );
    assert!(s.contains("the other with workers"), "{s}");
    // "So" before a name is part of it.
    let s = squeeze(
        "so yeon ryu came from a stroke behind fellow south korean inbee park to capture her \
         first individual world ladies championship title .",
    );
    assert!(s.starts_with("so yeon ryu"), "{s}");
    assert_eq!(
        squeeze("So the talks failed after three days of argument over the border."),
        "The talks failed after three days of argument over the border."
    );
    // An aside inside "not only ..., but also ..." takes both its commas.
    let s = squeeze(
        "As Americans mark the anniversary of Lincoln's death this week, let us remember that \
         he not only belongs to the ages, but also belongs, in a special way, to Illinois.",
    );
    assert!(!s.contains("belongs, to"), "{s}");
    // A subject, its aside and its verb: both commas go.
    let s = squeeze(
        "Now Riddick Bowe, of Maryland, has found himself tweeting birthday messages for anyone \
         who pays him.",
    );
    assert!(!s.contains("Bowe, has"), "{s}");
    // A clause between commas is not an appositive.
    let s = squeeze(
        "To finish Walker's scenes, the makers of the movie used body doubles, computer-generated \
         images and even the actor's brothers.",
    );
    assert!(s.contains("the makers of the movie used"), "{s}");
    // The named speaker is who a later pronoun points to.
    let s = squeeze(
        "American Jennifer Stewart says she was devastated to learn that Etihad Airways lost \
         her most important baggage following a trip from Abu Dhabi to New York City.",
    );
    assert!(s.starts_with("American Jennifer Stewart"), "{s}");
    // A place in apposition closes with the aside's first comma.
    let s = squeeze(
        "As aides politely tried to rush Ted Cruz from an event in Cedar Falls to one in Cedar \
         Rapids, Iowa, on Thursday, the presidential candidate continued shaking hands.",
    );
    assert!(!s.contains("Iowa the"), "{s}");
    // A capitalised "-ed" word inside a sentence is a name, not a verb.
    let s = squeeze(
        "John Booker of Topeka, an American citizen also known as Mohammed Hassan, was taken \
         into custody near Manhattan, Kansas.",
    );
    assert!(s.starts_with("John Booker of Topeka was taken"), "{s}");
}

/// Faults of round 5 (bench/blind_read/round5).
#[test]
fn round_five_faults_stay_fixed() {
    let cases: &[(&str, &str)] = &[
        (
            "here we are , standing on the gravel outside the library doors at highclere castle , \
             the english stately home in hampshire that provides the setting for the series , \
             downton abbey .",
            "here we are the",
        ),
        (
            "The spacecraft will re-enter the Earth's atmosphere in about a week, Roscosmos, the \
             Russian Federal Space Agency, said Wednesday.",
            "Space Agency.",
        ),
        (
            "But no one has been able to find the veteran district attorney, who was 59 when he \
             disappeared.",
            "who was 59.",
        ),
        (
            "A young woman has shared images which showcase how an exercise plan has not only \
             helped her mentally – but has also ensured a dramatic physical transformation.",
            "mentally.",
        ),
        (
            "Sofia Vergara's ex-fiance is speaking out about their dispute over frozen embryos \
             created while they dated.",
            "created.",
        ),
        (
            "smiles have been hard to come by among the real madrid camp of late but as \
             preparations ramped up for their date with barcelona the mood was buoyant .",
            "but .",
        ),
        (
            "while team - mates including neymar jnr , dani alves , and adriano got suited and \
             booted in their suits , the argentina forward opted for a more conservative look .",
            "dani alves , and adriano got",
        ),
        (
            "in order to reach the small architectural marvel , guests are required to crawl \
             through its tunnel - like entryway .",
            "guests are required to crawl",
        ),
        (
            "barnes believes it would be a mistake for sterling to go looking for a move before \
             he has properly proved himself .",
            "a move .",
        ),
        (
            "with their tiny pink noses , soft furry coats and sleepy eyes , these two clouded \
             leopard cubs are simply adorable .",
            "soft furry coats and sleepy eyes ,",
        ),
        (
            "the gang had dug a tunnel into the vault , hauled in a thermic lance and explosives , \
             and opened the strong room .",
            "explosives .",
        ),
        (
            "thieves had dug a 40-yard tunnel from a shop they had rented, hauled in a thermic \
             lance and explosives and opened the strong room.",
            "explosives.",
        ),
        (
            "the title race will go down to the wire with the two clubs to play next week .",
            "to play .",
        ),
    ];
    for (sentence, fault) in cases {
        let s = squeeze(sentence);
        if fault.ends_with('.') {
            assert!(!s.ends_with(fault), "{s}");
        } else if fault.ends_with(',') || fault.starts_with("dani") || fault.starts_with("guests") {
            assert!(!s.starts_with(fault), "{s}");
        } else {
            assert!(!s.contains(fault), "{s}");
        }
    }
    // A number word opens a sentence capitalised, as a word does.
    let s = squeeze(
        "But one Scottish scientist is hoping they could be the answer to heating our homes.",
    );
    assert!(s.starts_with("One Scottish scientist"), "{s}");
}

/// Faults of round 6 (bench/blind_read/round6).
#[test]
fn round_six_faults_stay_fixed() {
    let s = squeeze(
        "chelsea captain john terry showed blues fans where it all began as he took a trip down \
         memory lane on his instagram account .",
    );
    assert!(s.contains("where it all began"), "{s}");
    let s = squeeze(
        "At a ceremony honoring her life on the school's campus Friday afternoon, head coach Dan \
         Benjamin said the toughest thing a coach has to deal with is a loss.",
    );
    assert!(s.contains("Dan Benjamin said"), "{s}");
    let s = squeeze(
        "the 25 - year - old , who recently signed a new , long - term contract with the \
         hammers , sustained the injury during a training session last week .",
    );
    assert!(!s.contains("old long"), "{s}");
    let s = squeeze(
        "the 27 - year - old netted three times in his first five games for the red devils but \
         has since struggled for form in recent weeks .",
    );
    assert!(!s.ends_with("has ."), "{s}");
    let s = squeeze(
        "as play was about to resume following a fine , early nacer chadli volley , hush fell \
         upon the ground .",
    );
    assert!(s.starts_with("as play"), "{s}");
}

#[test]
fn round_seven_faults_stay_fixed() {
    // A question keeps what runs to its end: its verb may come last.
    let s = squeeze(
        "Why is Al-Shabaab, a Somali nationalist, Islamist group affiliated with al Qaeda, \
         targeting Kenya?",
    );
    assert!(s.ends_with("targeting Kenya?"), "{s}");
    // "the more ..., the better" stands together.
    let s = squeeze(
        "the more opportunities we have for athletes going head - to - head , the better .",
    );
    assert!(s.ends_with("the better ."), "{s}");
    // An aside followed by a naming word ("called ...") stays: the name is the aside's.
    let s = squeeze(
        "pharmaceutical firm biogen , which developed the drug , called aduncanumab , wants to \
         recruit at least 1,000 patients for tests by the end of the year .",
    );
    assert!(!s.contains("biogen called"), "{s}");
    // "born" does not stand alone.
    let s = squeeze(
        "Fondly known as \"Grandpa Bi,\" the 56-year-old TV personality was born and grew up in \
         the Mao era.",
    );
    assert!(!s.ends_with("was born."), "{s}");
    // A short verbless phrase that ends the sentence belongs to the aside before it.
    let s = squeeze(
        "The storm hit the coast on Friday, the weather service, which calls it a different \
         name, Chedeng, said.",
    );
    assert!(!s.contains("service Chedeng"), "{s}");
    let s = squeeze(
        "It's now classified as a tropical storm by the national weather service, which calls \
         it a different name, Chedeng.",
    );
    assert!(!s.contains("service Chedeng"), "{s}");
}

#[test]
fn faults_of_cutting_to_fit_stay_fixed() {
    // Cutting to fit a budget reaches spans the model keeps, where these rules were wrong
    // (found reading highlights cut to fit, before the blind read of round 8).
    // "according to X" with a clause after it is not an attribution to the end.
    let s = squeeze(
        "found in a pair of jeans , according to police , the letter was messily written with \
         many misspellings .",
    );
    assert!(s.contains("the letter was messily written"), "{s}");
    // A prepositional phrase with a finite verb after it is the main clause.
    let s = squeeze(
        "In the UK burglaries and robberies are often committed by working-class people, people \
         who would otherwise have blue collar jobs.",
    );
    assert!(s.starts_with("In the UK burglaries"), "{s}");
    // A subject pronoun before "and" keeps its conjunct.
    let s = squeeze(
        "clinton township fire lt. paul brouwer said he and his fellow firefighters were moved \
         by the baby 's story .",
    );
    assert!(!s.ends_with("said he ."), "{s}");
    // An "-ing" participle keeps the clause that completes it.
    let s = squeeze(
        "the three men were arrested after meeting at a cafe to exchange a map detailing where \
         drugs were hidden in a warehouse in kent .",
    );
    assert!(!s.ends_with("detailing ."), "{s}");
    // An opening single quotation mark left open runs to the end: nothing after it goes.
    let q = "scholes wrote in the independent : ' i found myself agreeing with arsene wenger on \
             monday night .";
    assert_eq!(squeeze(q), q);
    // "ahead" alone is the verb's ("went two goals ahead"), not a phrase to cut.
    let s = squeeze(
        "diego costa celebrates after chelsea went two goals ahead after his shot deflected \
         past hugo lloris .",
    );
    assert!(s.contains("two goals ahead"), "{s}");
    // A leading phrase before an aside ("in europe , though ,") stays.
    let s = squeeze(
        "in europe , though , they have had a sense of freedom and have been liberated by the \
         chance to achieve something significant .",
    );
    assert!(!s.starts_with("though"), "{s}");
    // An "-ing" word heading the subject before its appositive is no introduction.
    let s = squeeze(
        "racing media group , the tv arm of english racing , remain remarkably pleased with \
         the coverage , despite the decline in armchair watchers .",
    );
    assert!(s.starts_with("racing media group"), "{s}");
    assert!(!s.starts_with("racing media group ,"), "{s}");
    // ... while "speaking on tuesday ," is one.
    let s =
        squeeze("speaking on tuesday , the minister , a former banker , said taxes would rise .");
    assert_eq!(s, "the minister said taxes would rise .");
}

#[test]
fn a_sentence_is_cut_until_it_fits() {
    let text = "Firefighters took up positions around the affected buildings, spraying water \
                from the periphery.";
    // The built-in model keeps some of these spans; to fit, more go.
    let c = Compressor::default();
    let plain = c.compress(text, 0..text.len());
    let words = |t: &str| t.split_whitespace().count();
    let room = words(&plain.text) - 1;
    let fitted = c
        .compress_to_fit(
            text,
            0..text.len(),
            &Context::default(),
            usize::MAX,
            &mut |t| words(t) <= room,
        )
        .expect("it can be cut to fit");
    assert!(words(&fitted.text) <= room, "{}", fitted.text);
    assert!(fitted.cuts.len() > plain.cuts.len());
    // The model's own cuts are among those made to fit.
    for cut in &plain.cuts {
        assert!(
            fitted.cuts.contains(cut),
            "{cut:?} not in {:?}",
            fitted.cuts
        );
    }
    // Its text is still its spans of the input.
    let joined: Vec<&str> = fitted.spans.iter().map(|&(a, b)| &text[a..b]).collect();
    assert!(fitted.text.starts_with(joined[0]));
    // Nothing fits in two words: a sentence keeps at least six.
    assert!(c
        .compress_to_fit(
            text,
            0..text.len(),
            &Context::default(),
            usize::MAX,
            &mut |t| { words(t) <= 2 }
        )
        .is_none());
    // The compressor of leading connectives only cuts nothing more.
    assert!(Compressor::connectives()
        .compress_to_fit(
            text,
            0..text.len(),
            &Context::default(),
            usize::MAX,
            &mut |_| true
        )
        .is_none());
}

#[test]
fn round_eight_faults_stay_fixed() {
    // Round 8 read highlights cut to fit a word budget; both reviewers failed these.
    // "it" after a leading clause points into it.
    for s in [
        "As soon as we left the house, the first missile fell right by it and then a second on it.",
        "While the United States has played a leading role in the effort, it negotiated the terms \
         alongside its partners.",
        "when i was spat at , it was right into my face .",
    ] {
        assert!(!squeeze(s).to_lowercase().starts_with("it "), "{s}");
    }
    // "this" opens the subject, not a time phrase; "appear as though" is one complement.
    let s = squeeze(
        "this image of an entrance to the ice cavern , snapped by nicolas brousse , makes it \
         appear as though the sea is parting .",
    );
    assert!(s.starts_with("this image"), "{s}");
    assert!(s.ends_with("as though the sea is parting ."), "{s}");
    // "almost as soon as ...": the modifier and its phrase stay together.
    let s = squeeze(
        "The passengers knew something wasn't right, almost as soon as the plane took off.",
    );
    assert!(!s.ends_with("almost."), "{s}");
    // "as" naming a role, with the sentence's verb after it.
    let s = squeeze(
        "but indications are lerner ’s nine - year stay as custodian of birmingham ’s biggest \
         club is edging towards an end .",
    );
    assert!(s.ends_with("is edging towards an end ."), "{s}");
    // A leading subordinate clause's verb is not the main verb: the main clause stays.
    let s = squeeze(
        "After Iranians took American hostages and the Soviets invaded Afghanistan, the treaties \
         died in the Senate.",
    );
    assert!(s.contains("the treaties died in the Senate"), "{s}");
    // No preposition is left at the end.
    let s = squeeze(
        "Following in the footsteps of Alvaro Negredo he left the club in 2009 signing for \
         Valladolid from where he spent a season at Derby before ending up back in Spain.",
    );
    assert!(!s.ends_with("from."), "{s}");
}

#[test]
fn round_nine_faults_stay_fixed() {
    // Round 9 read highlights cut to fit a word budget, after round 8's rules.
    // "until" bounds the claim: "remained unknown" alone says he still is.
    let s = squeeze(
        "He remained an unknown good Samaritan, his identity a mystery, until Kough's picture of \
         the daring rescue appeared in the Lewiston paper and spread across the Internet.",
    );
    assert!(s.contains("until Kough's picture"), "{s}");
    // A leading participle's verb is not the main verb: the main clause stays.
    let s = squeeze(
        "having listened to the kazakh anthem , the salvadorans head for the handshakes with \
         their heads down .",
    );
    assert!(s.contains("the salvadorans head for the handshakes"), "{s}");
    // "theirs" points into the leading clause.
    let s = squeeze(
        "while other sports look to expand their games , cricket ’s administrators remain \
         content to shrink theirs .",
    );
    assert!(s.starts_with("while other sports"), "{s}");
    // With no finite verb before "and", what follows it is the subject's other half and verb.
    let s = squeeze(
        "two security team members hired to protect lord hall and his wife stand guard beside \
         unmarked cars .",
    );
    assert!(s.contains("stand guard"), "{s}");
    // "especially" stays with its clause.
    let s = squeeze(
        "All this will be true with Iran, especially as many members of Obama's own party are \
         leery about the agreement.",
    );
    assert!(!s.ends_with("especially."), "{s}");
    // A phrase after the leading clause's comma is still the clause's.
    let s = squeeze(
        "While the number of white Britons will increase over that time, by almost three \
         million, the minority population will increase more than three times faster, by 10 \
         million.",
    );
    assert!(!s.starts_with("By almost"), "{s}");
    // An age after an aside is the aside's last name's.
    let s = squeeze(
        "mr esworthy , who lives in colchester with his wife pauline , 63 , said : ‘ i ’m \
         absolutely appalled .",
    );
    assert!(!s.starts_with("mr esworthy , 63"), "{s}");
}

#[test]
fn the_source_of_a_partial_quote_stays() {
    // Found when the scorer with phrase weights chose this sentence: "According to ..." is
    // the attribution of the quoted words after it.
    let s = squeeze(
        "According to a GE website, its facility in the Louisville Appliance Park is \
         \"revitalizing manufacturing in the United States.\"",
    );
    assert!(s.starts_with("According to a GE website"), "{s}");
    // Without a quote the source may go.
    let s = squeeze(
        "According to a GE website, its facility in the Louisville Appliance Park employs \
         thousands of workers.",
    );
    assert!(s.starts_with("Its facility"), "{s}");
}

#[test]
fn no_cut_runs_two_words_together() {
    // With a space after the aside the cut leaves "declared an emergency": a sound cut.
    let s = "The mayor of the town declared (on Friday) an emergency over the flooding.";
    assert_eq!(
        squeeze(s),
        "The mayor of the town declared an emergency over the flooding."
    );
    // With none after it, cutting it would make "declaredan": it stays.
    let s = "The mayor of the town declared (on Friday)an emergency over the flooding.";
    assert_eq!(squeeze(s), s);
    // And the check finds a highlight that ran them together.
    let h = crate::Highlight {
        text: "The mayor of the town declaredan emergency over the flooding.".into(),
        sentence: 0,
        start: 0,
        end: s.len(),
        score: 1.0,
        spans: vec![(0, 30), (42, s.len())],
        cuts: vec![Cut {
            kind: CutKind::Parenthetical,
            start: 30,
            end: 42,
        }],
        capitalized: false,
        period_added: false,
    };
    assert_eq!(&s[30..42], " (on Friday)");
    assert!(h.is_faithful_to(s));
    assert_eq!(violations(s, &h), ["words run together at byte 42"]);
}

#[test]
fn words_are_counted_as_a_reader_counts_them() {
    let count = |s: &str| {
        let toks = tokens::tokenize(s);
        reader_words(&toks, &vec![false; toks.len()])
    };
    assert_eq!(count("Police said the men had fled."), 6);
    // Symbols join what they stand between: one word each.
    assert_eq!(count("and/or 3%+ x\u{0}y"), 3);
    // Commas, brackets and quotation marks part words even without a space.
    assert_eq!(count("said,police (CNN)The \"a\"b"), 6);
    // Cut to six tokens that read as three words: too short, it stays whole.
    let s = "Officials/residents/police/firefighters said so, reporters said.";
    assert_eq!(squeeze(s), s);
    assert_eq!(
        squeeze("Officials, residents, police and firefighters said so, reporters said."),
        "Officials, residents, police and firefighters said so."
    );
}

#[test]
fn a_dash_parts_the_words_around_a_cut_aside() {
    // Found by fuzzing: an aside whose closing dash stands against its last word ("Paris--")
    // goes, and the capitalised word after it is not the rest of a name: the dash parted them.
    // (A capital after the aside is rare in prose; the fuzzer's input was "-- D-- Did.")
    let s = "The council -- which met in Paris-- Will vote on the plan to rebuild the bridge.";
    let c = all_kinds().compress(s, 0..s.len());
    assert_eq!(
        c.text,
        "The council Will vote on the plan to rebuild the bridge."
    );
    let h = crate::Highlight {
        text: c.text,
        sentence: 0,
        start: 0,
        end: s.len(),
        score: 1.0,
        spans: c.spans,
        cuts: c.cuts,
        capitalized: c.capitalized,
        period_added: c.period_added,
    };
    assert!(violations(s, &h).is_empty(), "{:?}", violations(s, &h));
    // Without the dash the capitalised words on both sides of the cut read as one name.
    let t = "The council -- which met in Paris Will vote on the plan to rebuild the bridge.";
    let (a, b) = (t.find("--").unwrap(), t.find(" Will").unwrap());
    let h = crate::Highlight {
        text: "The council Will vote on the plan to rebuild the bridge.".into(),
        end: t.len(),
        spans: vec![(0, a - 1), (b + 1, t.len())],
        cuts: vec![Cut {
            kind: CutKind::DashAside,
            start: a,
            end: b,
        }],
        ..h
    };
    assert!(h.is_faithful_to(t));
    assert_eq!(
        violations(t, &h),
        ["name split after \"-- which met in Paris\""]
    );
}

#[test]
fn a_cut_never_takes_the_subject() {
    // "that" after the object opens a relative clause, not what was reported.
    let s = "Dow component Home Depot reported third-quarter earnings that topped estimates as \
             revenue fell short, sending shares lower ahead of the opening bell.";
    assert!(
        squeeze(s).starts_with("Dow component Home Depot reported"),
        "{}",
        squeeze(s)
    );
    // But when, where or to whom stand between the verb and "that", the clause stands alone.
    let s = "Officials said on Tuesday that the bridge would close for six months.";
    assert_eq!(squeeze(s), "The bridge would close for six months.");
    let s = "The mayor told reporters that the bridge would close for six months.";
    assert_eq!(squeeze(s), "The bridge would close for six months.");
    // A leading phrase that is the subject, with a second phrase before the verb.
    let s = "Saturday at the Masters, like any PGA tournament, has been dubbed 'Moving Day'.";
    assert!(
        squeeze(s).starts_with("Saturday at the Masters"),
        "{}",
        squeeze(s)
    );
    // An inversion that leans on the phrase before it.
    let s = "As much as Joe Biden is still a front-runner, so are Elizabeth Warren and Bernie \
             Sanders.";
    assert!(squeeze(s).starts_with("As much as"), "{}", squeeze(s));
    // The ordinary leading phrase still goes.
    let s = "On Saturday at the Masters, the leaders went out last in pairs.";
    assert_eq!(squeeze(s), "The leaders went out last in pairs.");
}
