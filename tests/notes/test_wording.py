"""Common transcription wording the reader must read, on the real fact catalog (general fixes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from priorauth.notes.reader import NoteReader
from tests.notes.wording import TODAY, values


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # normal motor and sensory exams, as dictated
        (
            "EXAM: Lower extremity strength is 5/5 in all muscle groups.",
            "extremity_weakness",
            False,
        ),
        ("EXAM: No focal muscle weakness.", "extremity_weakness", False),
        ("EXAM: Strength is largely intact.", "extremity_weakness", False),
        ("EXAM: Sensory examination is symmetric.", "sensory_loss.dermatomal", False),
        ("EXAM: No sensory abnormalities.", "sensory_loss.dermatomal", False),
        (
            "EXAM: Sensation was normal in the upper and lower extremities.",
            "sensory_loss.dermatomal",
            False,
        ),
        (
            "EXAM: Light touch sensation is minimally decreased in the left C6 distribution.",
            "sensory_loss.dermatomal",
            True,
        ),
        ("EXAM: Plantar responses were flexor bilaterally.", "upper_motor_neuron_signs", False),
        ("EXAM: Babinski, toes are downgoing.", "upper_motor_neuron_signs", False),
        ("EXAM: No pathological responses were noted.", "upper_motor_neuron_signs", False),
        # bowel and bladder
        ("No change in bowel or bladder function.", "bowel_bladder_dysfunction", False),
        (
            "Unable to void since last night. Denies fecal incontinence.",
            "bowel_bladder_dysfunction",
            True,
        ),
        # reflexes, sensation and gait graded abnormal where they were tested
        (
            "EXAM: DTRs 2+ at the knees, 2 at the left ankle and 1+ at the right ankle.",
            "neuro_exam.abnormal",
            True,
        ),
        (
            "EXAM: Reflexes are 2+ at the patellas and absent at both ankles.",
            "neuro_exam.abnormal",
            True,
        ),
        ("EXAM: There is an absent right ankle reflex.", "neuro_exam.abnormal", True),
        ("EXAM: The abdominal reflexes are absent on the right.", "neuro_exam.abnormal", True),
        (
            "EXAM: Reflexes: lower extremities patellar +0/2 bilaterally.",
            "neuro_exam.abnormal",
            True,
        ),
        ("EXAM: Sensations are decreased distally in the left foot.", "neuro_exam.abnormal", True),
        ("Exam (video): difficulty toe walking on the right.", "extremity_weakness", True),
        ("EXAM: Babinski, toes are downgoing.", "neuro_exam.abnormal", False),
        (
            "He has burning pain in the foot and weak plantar flexion and dorsiflexion.",
            "extremity_weakness",
            True,
        ),
        # progressing now, or not
        ("Pain 5/10, improving with gabapentin and PT.", "symptoms.progressing", False),
        ("She continues to show some gradual improvement.", "symptoms.progressing", False),
        ("Walking tolerance has fallen from 2 blocks to 50 feet.", "symptoms.progressing", True),
        (
            "Tingling of both legs over 5 days, now unable to climb stairs.",
            "symptoms.progressing",
            True,
        ),
        ("Over 6 weeks the thigh mass has grown noticeably.", "symptoms.progressing", True),
        (
            "Over the past 6 weeks she has had worsening leg pain.",
            "symptoms.progressing",
            True,
        ),
        # neurological symptoms
        (
            "Occasional neck pain, no change in gait, no hand clumsiness.",
            "neurological_symptoms",
            False,
        ),
        ("New cape-like loss of pain and temperature sensation.", "neurological_symptoms", True),
        # one immune-suppressing condition beside a denied one
        ("PMH: type 2 diabetes (A1c 7.1). No chronic steroid use.", "immune_suppression", True),
        # one new symptom beside a chronic one
        ("Chronic back pain. Now new bilateral leg weakness.", "symptoms.new", True),
        ("Longstanding low back pain radiating to the leg.", "symptoms.new", False),
        (
            "He has had no difficulty with bowel or bladder function.",
            "bowel_bladder_dysfunction",
            False,
        ),
        ("Neuro: sphincters intact.", "bowel_bladder_dysfunction", False),
        # saddle sensation
        ("She had no perirectal sensation.", "saddle_anesthesia", True),
        ("She denies loss of sensation in her genital area.", "saddle_anesthesia", False),
        (
            "Decreased pinprick sensation in the perineum/saddle distribution.",
            "saddle_anesthesia",
            True,
        ),
        # imaging-report and history wording
        (
            "There is minimal curvature of the lumbar spine convex to the left.",
            "scoliosis",
            "known",
        ),
        ("The pains worsened at night and impaired sleep.", "pain.night_disrupts_sleep", True),
        (
            "Small cell lung cancer with metastasis at the lower lumbar spine.",
            "cancer.spine_malignancy",
            "known",
        ),
        (
            "Small cell lung cancer with metastasis at the lower lumbar spine.",
            "tumor.spine_lesion",
            "known",
        ),
    ],
)
def test_transcription_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


def test_mental_status_header_is_not_multiple_sclerosis(reader: NoteReader) -> None:
    got = values(reader, "EXAM: ,BP 118/64.,MS:, A & O to person, place, time.,CN: intact.")
    assert "multiple_sclerosis" not in got
    assert values(reader, "PMH: MS, on ocrelizumab.")["multiple_sclerosis"] == "known"


EMG_REPORT = (
    "HISTORY: 56 yo F with right leg pain.,NERVE CONDUCTION STUDIES:, Motor and sensory distal latencies,"
    " amplitudes and conduction velocities are normal.,NEEDLE EMG:, Needle examination of the right leg"
    " reveals chronic denervation.,IMPRESSION: , This electrical study is abnormal. It reveals the"
    " following:,1.  An acute right S1 radiculopathy.,2.  There is no evidence of left"
    " radiculopathy or plexopathy."
)


def test_an_emg_reports_impression_is_what_the_emg_showed(reader: NoteReader) -> None:
    assert values(reader, EMG_REPORT)["emg.radiculopathy"] is True


def test_a_clinic_notes_impression_is_not_an_emg_finding(reader: NoteReader) -> None:
    got = values(reader, "HPI: neck pain into the arm.,IMPRESSION: Right C6 radiculopathy.")
    assert "emg.radiculopathy" not in got


def test_a_denial_on_the_line_of_a_done_emg_is_its_result(reader: NoteReader) -> None:
    got = values(
        reader,
        "EMG/NCS 09/2025: mild bilateral median neuropathies at the wrists (CTS), no cervical"
        " radiculopathy; mild polyneuropathy.",
    )
    assert got["emg.radiculopathy"] is False
    planned = values(reader, "Plan: EMG/NCS next week. No radiculopathy on exam today.")
    assert "emg.radiculopathy" not in planned


def test_a_labs_header_inside_a_plan_line_orders_the_labs(reader: NoteReader) -> None:
    planned = values(reader, "Plan: Baseline MRI C-spine. Labs: AQP4 and MOG antibodies.")
    assert "laboratory_studies.done" not in planned
    done = values(reader, "Plan: Baseline MRI C-spine.\nLabs: ESR 104, CRP 18.6 mg/dL.")
    assert done["laboratory_studies.done"] is True
    glued = values(reader, "PLAN: MRI C-spine.,LABS:, ESR 104, CRP 18.6 mg/dL.")
    assert glued["laboratory_studies.done"] is True


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("New R anterior thigh numbness and knee buckling over the last 3 weeks.", "symptoms.new"),
        ("Presents with new constant, severe right flank pain.", "symptoms.new"),
        ("He reports new electric-shock sensations down the arms.", "symptoms.new"),
        (
            "Her hand symptoms and balance are steadily getting worse.",
            "neuro_deficit.new_or_worsening",
        ),
    ],
)
def test_new_and_worsening_wording(reader: NoteReader, text: str, fact: str) -> None:
    assert values(reader, text).get(fact) is True


def test_a_new_patient_is_not_a_new_symptom(reader: NoteReader) -> None:
    assert values(reader, "New patient visit for neck pain.").get("symptoms.new") is None
    assert values(reader, "No new weakness or numbness.").get("symptoms.new") is False


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "Assessment: NMOSD relapse. Spinal cord infarction and a compressive lesion are less likely.",
            "spinal_cord_infarction",
            "suspected",
        ),
        ("Assessment: spinal gout, and less likely discitis.", "infection.discitis", "suspected"),
        ("Assessment: Spinal cord infarction is unlikely.", "spinal_cord_infarction", "absent"),
    ],
)
def test_less_likely_stays_in_the_differential(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "IMPRESSION: No evidence for acute fracture or subluxation.",
            "injury.spine_fracture",
            "absent",
        ),
        ("FINDINGS: No fractures are noted.", "injury.spine_fracture", "absent"),
        # a transcribed exam opened in the history's paragraph
        (
            "HISTORY: Right leg pain.,On examination, lower extremities strength is full and symmetric.",
            "extremity_weakness",
            False,
        ),
        (
            "HISTORY: Arm pain.,Examination reveals positive Phalen's test on the left. Remainder of her"
            " neurological examination is normal.",
            "extremity_weakness",
            False,
        ),
    ],
)
def test_report_and_exam_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


def test_an_mri_or_ct_report_is_that_study_done(reader: NoteReader) -> None:
    report = "EXAM: , Lumbar spine CT without contrast.,HISTORY: , Back pain after a fall.,FINDINGS: , Normal."
    assert values(reader, report)["advanced_imaging.previously_done"] is True
    first = values(
        reader, "MRI CERVICAL SPINE WITHOUT CONTRAST\nComparison: None.\nFindings: normal."
    )
    assert first["advanced_imaging.previously_done"] is False
    visit = values(reader, "HPI: neck pain for 8 weeks. Plan: MRI cervical spine.")
    assert visit.get("advanced_imaging.previously_done") is None


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "Indication: rule out metastatic prostate cancer to the spine.",
            "cancer.spine_malignancy",
            "suspected",
        ),
        (
            "Indication: rule out metastatic prostate cancer to the spine.",
            "tumor.spine_bone",
            "suspected",
        ),
        ("Known T8 vertebral metastasis, treated with SBRT.", "tumor.spine_bone", "known"),
        ("Biopsy: giant cell tumor of bone at C3.", "tumor.spine_bone", "known"),
    ],
)
def test_spine_metastasis_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    "text",
    [
        "Completed 8 weeks of PT without lasting relief.",
        "Six weeks of chiropractic care without improvement.",
        "Gabapentin has not helped.",
        "Reports progressive mid-back pain over 2 months.",
        "Progressive distal-to-proximal numbness of the feet.",
    ],
)
def test_persisting_and_worsening_wording(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("symptoms.persist_or_worsen") is True


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Plan: MRI total spine for preoperative assessment (rule out syrinx/Chiari/tethered cord).",
            "syringomyelia",
        ),
        (
            "Plan: MRI total spine for preoperative assessment (rule out syrinx/Chiari/tethered cord).",
            "tethered_cord_or_dysraphism",
        ),
        ("Plan: MRI cervical spine to look for a syrinx.", "syringomyelia"),
    ],
)
def test_a_condition_the_plan_looks_for_is_suspected(
    reader: NoteReader, text: str, fact: str
) -> None:
    assert values(reader, text).get(fact) == "suspected"


def test_a_planned_test_stays_planned(reader: NoteReader) -> None:
    assert values(reader, "Plan: EMG/NCS to rule out radiculopathy.").get("emg_ncv.done") is None


@pytest.mark.parametrize(
    "text",
    [
        "Exam: hyperreflexia is absent; Hoffmann negative; gait normal.",
        "On exam the abdominal reflexes are absent on the right.",
        "A: RA with atlantoaxial instability; no myelopathy on exam.",
    ],
)
def test_an_exam_that_finds_nothing_was_still_done(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("clinical_evaluation.done") is True


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Ultrasound of the median nerve: not done.", "ultrasound.done"),
        ("NCS not done.", "emg_ncv.done"),
        ("EMG: not done.", "emg_ncv.done"),
    ],
)
def test_a_test_not_done(reader: NoteReader, text: str, fact: str) -> None:
    got = values(reader, text)
    assert got.get(fact) is False
    assert "emg_ncv.abnormal" not in got


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("39F, currently 22 weeks pregnant, with low back pain x 7 weeks.", 7),
        ("Rear-ended 5 weeks ago. Since then persistent neck pain.", 5),
        ("Since early July he has had increasing low back pain.", 18),
        ("4-month history of fasciculations in both calves.", 17),
        ("Over the past 6 weeks she has had worsening exertional dyspnea.", 6),
        ("I spoke to her 2 days ago and she stated that her leg pain was better.", None),
    ],
)
def test_symptom_durations(reader: NoteReader, text: str, weeks: int | None) -> None:
    assert values(reader, text).get("symptoms.duration_weeks") == weeks


@pytest.mark.parametrize(
    "text",
    [
        "Her pain had been worsening after an incident in June; she continues to have pain.",
        "Symptoms are worsened by any activity and relieved by rest.",
    ],
)
def test_not_progressing_now(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("symptoms.progressing") is not True


@pytest.mark.parametrize(
    "text",
    [
        "78 yo F on chronic prednisone for polymyalgia rheumatica, with mid back pain.",
        "PMH: polymyalgia rheumatica on prednisone 10 mg daily for 3 years.",
        "Treated with IV methylprednisolone and an oral taper for the myelitis.",
        # a daily maintenance dose of years, however it is written
        "On methotrexate 20 mg weekly and prednisone 7.5 mg daily for the past 3 years.",
        "On pyridostigmine and prednisone 20 mg daily since 2023.",
        "Prednisone 10 mg daily for polymyalgia rheumatica x 2 yrs.",
    ],
)
def test_a_steroid_for_another_disease_is_no_conservative_care(
    reader: NoteReader, text: str
) -> None:
    got = values(reader, text)
    assert "conservative_care.medication" not in got
    assert "conservative_care.weeks" not in got


def test_a_steroid_taper_for_the_pain_is_conservative_care(reader: NoteReader) -> None:
    assert (
        values(reader, "Neck pain; prednisone taper x 1 week.")["conservative_care.medication"]
        is True
    )


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a symptom that grows, spreads or gets no better, however it is worded
        ("Pain persists and the tingling is increasing.", "symptoms.progressing", True),
        ("Both legs are getting weaker since this AM.", "symptoms.progressing", True),
        ("4 days of ascending numbness from both feet.", "symptoms.persist_or_worsen", True),
        ("Escalating midline low back pain.", "symptoms.progressing", True),
        ("R hand numbness, now spreading to the L hand.", "symptoms.progressing", True),
        ("His speech has regressed to single words.", "symptoms.progressing", True),
        ("Chiropractor and tramadol; leg pain no better.", "symptoms.persist_or_worsen", True),
        ("Pain is not relieved by oxycodone.", "symptoms.persist_or_worsen", True),
        ("Orthotics and PT, all without lasting benefit.", "symptoms.persist_or_worsen", True),
        ("Wrist drop x 5 wks, no recovery.", "symptoms.persist_or_worsen", True),
        ("Progressive proximal leg and arm weakness.", "symptoms.progressing", True),
        # new deficits of any kind
        ("New word-finding difficulty x 2 weeks.", "symptoms.new", True),
        ("New L facial droop 10 days ago.", "neuro_deficit.new_or_worsening", True),
        ("Now with L foot numbness.", "neuro_deficit.new_or_worsening", True),
        ("Worsening grip over the past 2 wks.", "neuro_deficit.new_or_worsening", True),
        (
            "5 months of progressive difficulty with buttons.",
            "neuro_deficit.new_or_worsening",
            True,
        ),
        ("New mild dyspnea lying flat.", "symptoms.new", True),
        # neurological symptoms named by what was lost
        ("Neuropsych: verbal memory deficit.", "neurological_symptoms", True),
        ("He lost the ability to walk without support.", "neurological_symptoms", True),
        ("66M with quad wasting.", "neurological_symptoms", True),
        # a courteous "would" in a referral letter plans nothing
        (
            "I would be grateful for your opinion on this 55 yo with numbness.",
            "neurological_symptoms",
            True,
        ),
        # a sensation lessened over one skin area is dermatomal
        ("Exam: Decreased light touch over the R middle finger.", "sensory_loss.dermatomal", True),
        ("Exam: Decreased sensation lateral R foot (S1).", "sensory_loss.dermatomal", True),
        ("Exam: reduced LT L lateral foot.", "sensory_loss.dermatomal", True),
        ("Exam: Sensory: intact to all modalities.", "sensory_loss.dermatomal", False),
        ("Exam: Decreased 2-pt discrimination medial plantar R.", "neuro_exam.abnormal", True),
    ],
)
def test_fresh_symptom_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # the character of a pain, not a treatment that failed
        ("Pain is constant, not relieved by rest.", "symptoms.persist_or_worsen"),
        # a sensory level or a nerve's territory of several areas is not one dermatome
        ("Exam: decreased pinprick over C4-T2.", "sensory_loss.dermatomal"),
        (
            "Exam: reduced sensation over the dorsal foot and first web space.",
            "sensory_loss.dermatomal",
        ),
    ],
)
def test_fresh_wording_that_says_nothing(reader: NoteReader, text: str, fact: str) -> None:
    assert fact not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # immune suppression by a spread cancer, a drug taken now or a daily steroid
        ("58 yo F with metastatic ER+ breast cancer.", "immune_suppression", True),
        ("57 y/o M with stage IV NSCLC.", "immune_suppression", True),
        ("Glioma, now on adjuvant TMZ cycle 5.", "immune_suppression", True),
        ("RA on tofacitinib.", "immune_suppression", True),
        ("MG on prednisone 20 mg daily since April.", "immune_suppression", True),
        # bowel and bladder denied in shorthand
        ("No bowel/bladder sx.", "bowel_bladder_dysfunction", False),
        ("No change in bladder or bowel habits.", "bowel_bladder_dysfunction", False),
        ("No bowel or bladder accidents.", "bowel_bladder_dysfunction", False),
        # a graded muscle as clinicians shorten it
        ("Exam: L pronator drift, L hand 4/5.", "extremity_weakness", True),
        ("66M w/ quad wasting, knee ext 3/5, hip flex 3/5.", "extremity_weakness", True),
        # an encounter stated by its exam's result or an opening with a duration
        (
            "Pls auth MRI c-spine: neck pain x 2 wks, exam nonfocal.",
            "clinical_evaluation.done",
            True,
        ),
        ("S: 34M, 7 wks s/p L tibial plateau ORIF.", "clinical_evaluation.done", True),
        ("On my examination he has a spastic gait.", "clinical_evaluation.done", True),
        # a duration on a symptom typed in shorthand or misspelled
        ("Parasthesias of the 4th-5th fingers x 8 months.", "symptoms.duration_weeks", 34),
        ("L5 radic x 14 wks despite PT.", "symptoms.duration_weeks", 14),
        ("5 months of progressive difficulty with buttons.", "symptoms.duration_weeks", 21),
        # a denied weight loss is none
        ("Denies weight loss.", "weight_loss.percent_6_months", 0),
    ],
)
def test_fresh_history_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Past Medical History: CKD stage 4.", "immune_suppression"),
        ("Glioma treated with radiation and temozolomide in 2024.", "immune_suppression"),
    ],
)
def test_history_wording_that_says_nothing(reader: NoteReader, text: str, fact: str) -> None:
    assert fact not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # leg muscles graded weak on both sides, in the orders exams write them
        (
            "EXAM: 4/5 bilateral hip flexors.",
            "lower_extremity_weakness.bilateral_or_progressive",
            True,
        ),
        (
            "EXAM: Strength 4/5 plantarflexion bilaterally.",
            "lower_extremity_weakness.bilateral_or_progressive",
            True,
        ),
        (
            "EXAM: Strength is 4/5 in the bilateral hip flexors and quadriceps.",
            "lower_extremity_weakness.bilateral_or_progressive",
            True,
        ),
        (
            "EXAM: Lower extremity strength is 4/5 bilaterally.",
            "lower_extremity_weakness.bilateral_or_progressive",
            True,
        ),
        (
            "EXAM: Motor strength is 4/5 throughout the lower extremities.",
            "lower_extremity_weakness.bilateral_or_progressive",
            True,
        ),
        ("Both legs feel weak.", "lower_extremity_weakness.bilateral_or_progressive", True),
        # a course of PT or chiropractic that has ended, or is going on now
        (
            "8 weeks of PT (finished 03/2025) without benefit.",
            "conservative_care.active_current",
            False,
        ),
        (
            "Physical therapy was completed in August 2025.",
            "conservative_care.active_current",
            False,
        ),
        ("He stopped going to PT in June.", "conservative_care.active_current", False),
        ("He has been going to PT since 09/2025.", "conservative_care.active_current", True),
        ("He has been going to PT since 09/2025.", "conservative_care.active_weeks", 9),
        # times a course is dated by: a season, a month and day without a year
        (
            "Completed 6 weeks of physical therapy in the spring.",
            "conservative_care.active_last_date",
            dt.date(2025, 5, 31),
        ),
        ("PT 2x/week since 10/13.", "conservative_care.active_weeks", 3),
        ("PT 2x/week since 10/13.", "conservative_care.active_last_date", TODAY),
        (
            "Physical therapy 07/07-08/29/2025 without relief.",
            "conservative_care.active_weeks",
            7,
        ),
        ("Back pain for a year and a half.", "symptoms.duration_weeks", 78),
        ("Numbness since ~05/20.", "symptoms.duration_weeks", 24),
    ],
)
def test_course_and_weakness_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # one side weak, or both sides normal, is not bilateral weakness
        ("EXAM: Right EHL 4/5, left EHL 5/5.", "lower_extremity_weakness.bilateral_or_progressive"),
        ("EXAM: Hip flexors 5/5 bilaterally.", "lower_extremity_weakness.bilateral_or_progressive"),
        ("EXAM: Deltoids 4/5 bilaterally.", "lower_extremity_weakness.bilateral_or_progressive"),
        # a plan to go to PT is no course under way; a grade is no date; an injury in a fall no season
        ("We are going to order PT.", "conservative_care.physical_therapy"),
        ("Strength 4/5 since surgery.", "symptoms.duration_weeks"),
        ("He hurt his back in the fall and did PT.", "conservative_care.active_last_date"),
    ],
)
def test_course_and_weakness_near_misses(reader: NoteReader, text: str, fact: str) -> None:
    assert fact not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # review of systems in shorthand and by organ
        ("ROS: neg for F/C, no B/B changes.", "fever", False),
        ("ROS: neg for F/C, no B/B changes.", "bowel_bladder_dysfunction", False),
        ("Denies F/C/NS.", "infection.signs_symptoms", False),
        ("B/B intact.", "bowel_bladder_dysfunction", False),
        ("Normal bowel and bladder function.", "bowel_bladder_dysfunction", False),
        ("No bladder sx.", "bowel_bladder_dysfunction", False),
        ("REVIEW OF SYSTEMS: Urinary:  Negative and noncontributory.", "urinary_retention", False),
        ("GU: Positive for urinary retention.", "urinary_retention", True),
        ("EXAM: There is no evidence of motor change.", "extremity_weakness", False),
        # where the pain is, told in dictated prose
        ("Constant pain in the bilateral regions of the neck.", "neck_pain", True),
        ("She has pain in the cervical region.", "neck_pain", True),
        ("Right neck and shoulder stiffness and pain.", "neck_pain", True),
        ("Pain and tightness in his low back.", "low_back_pain", True),
        ("Pain in the lumbar region radiating to the leg.", "low_back_pain", True),
        ("Discomfort in the thoracic spine.", "thoracic_back_pain", True),
    ],
)
def test_review_of_systems_and_pain_site_wording(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Pt reports f/c.", "fever"),  # lower case f/c is not the capitals' shorthand
        ("Pain in the lower extremities.", "low_back_pain"),
        ("Pain in the lower abdomen.", "low_back_pain"),
        ("Neck stiffness.", "neck_pain"),
    ],
)
def test_review_of_systems_and_pain_site_near_misses(
    reader: NoteReader, text: str, fact: str
) -> None:
    assert fact not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a deficit told as new now, more recent, acute, recurrent, spreading or become worse
        ("Now tingling in the R hand for 1 week.", "neuro_deficit.new_or_worsening", True),
        ("Now w/ L arm weakness since yesterday.", "neuro_deficit.new_or_worsening", True),
        ("He now has weakness climbing stairs.", "neuro_deficit.new_or_worsening", True),
        ("More recently weakness of grip.", "neuro_deficit.new_or_worsening", True),
        ("She recently developed numbness in both feet.", "neuro_deficit.new_or_worsening", True),
        ("She reports worsening L-sided weakness.", "neuro_deficit.new_or_worsening", True),
        ("Acute right hemianopia.", "neuro_deficit.new_or_worsening", True),
        ("Recurrent right leg numbness.", "neuro_deficit.new_or_worsening", True),
        ("Her hands have become clumsy.", "neuro_deficit.new_or_worsening", True),
        ("His gait has become unsteady.", "neuro_deficit.new_or_worsening", True),
        ("Her numbness has spread to the knee.", "neuro_deficit.new_or_worsening", True),
        # a symptom that has not changed, a treatment that does not help
        ("Weakness is unchanged.", "symptoms.persist_or_worsen", True),
        ("Oxycodone not helping.", "symptoms.persist_or_worsen", True),
        ("Minimal help from PT.", "symptoms.persist_or_worsen", True),
    ],
)
def test_new_deficit_and_persisting_wording(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    "text",
    [
        "He now denies weakness.",
        "She is now without weakness.",
        "He is now free of numbness.",
        "Pain is now 3/10 and no weakness.",
        "He recently had an MRI for numbness.",
    ],
)
def test_no_new_deficit(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("neuro_deficit.new_or_worsening") in (None, False)


@pytest.mark.parametrize(
    "text",
    [
        "Prednisone 60 mg daily x 5 days without relief.",
        "Oxycodone not helping.",
        "Took Norco and Percocet for the pain.",
        "Narcotic pain medication as needed.",
    ],
)
def test_a_short_steroid_course_or_an_opioid_is_medication(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("conservative_care.medication") is True


def test_an_opioid_overdose_is_no_medication(reader: NoteReader) -> None:
    assert "conservative_care.medication" not in values(
        reader, "42 yo M found down at home after an opioid overdose."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Electric sensations into both arms on neck flexion.",
        "Electric shocks into the ring and small fingers.",
        "Burning in the feet for a year.",
        "Declining handwriting over 3 months.",
        "Developmental regression.",
        "Loss of balance.",
        "Her legs give out.",
    ],
)
def test_neurological_symptoms_in_patients_words(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("neurological_symptoms") is True


@pytest.mark.parametrize("text", ["Burning with urination.", "Electric bill unpaid."])
def test_no_neurological_symptom(reader: NoteReader, text: str) -> None:
    assert "neurological_symptoms" not in values(reader, text)


def test_an_age_is_no_duration(reader: NoteReader) -> None:
    text = "9-month-old girl with developmental regression since 6 months of age."
    assert "symptoms.duration_weeks" not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # dictated grades and adjectives of the exam
        ("EXAM: Biceps and brachioradialis reflexes are 3 plus.", "upper_motor_neuron_signs", True),
        ("EXAM: Plegic in BLE.", "extremity_weakness", True),
        ("EXAM: He is paraparetic.", "extremity_weakness", True),
    ],
)
def test_dictated_exam_grade_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


def test_a_normal_reflex_grade_in_words_is_no_upper_motor_neuron_sign(reader: NoteReader) -> None:
    text = "EXAM: Reflexes are 2 plus and symmetric."
    assert "upper_motor_neuron_signs" not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a time put first, its clause after the comma
        ("Three months ago, she began to have neck pain.", "symptoms.duration_weeks", 13),
        # a function that "has declined" denies nothing after it
        (
            "Over the past 3 months his walking has declined, with bilateral thigh pain and numbness.",
            "neurological_symptoms",
            True,
        ),
        (
            "Over the past 3 months his walking has declined, with bilateral thigh pain and numbness.",
            "symptoms.duration_weeks",
            13,
        ),
        ("He declined physical therapy.", "conservative_care.physical_therapy", False),
    ],
)
def test_fronted_times_and_declined_function(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


def test_a_call_some_days_ago_is_no_onset(reader: NoteReader) -> None:
    text = "I spoke to her 2 days ago, and she stated that her pain was worse."
    assert "symptoms.duration_weeks" not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Leg pain worse over 4 months.", True),
        ("Symptoms continue to progress.", True),
        ("The weakness is progressive.", True),
        ("New inattention and declining handwriting.", True),
        ("He does not think that the problem is progressive.", False),
        ("Pain is worse over the weekend.", None),
    ],
)
def test_progressing_in_dictated_wording(reader: NoteReader, text: str, value: bool | None) -> None:
    assert values(reader, text).get("symptoms.progressing") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Electric sensations into both arms on neck flexion.", True),
        ("Progressive difficulty with buttons, keys and handwriting.", True),
        ("Electric sensations in the feet.", None),
    ],
)
def test_cervical_cord_symptom_wording(reader: NoteReader, text: str, value: bool | None) -> None:
    assert values(reader, text).get("cervical_cord_symptoms.new_or_worsening") == value
