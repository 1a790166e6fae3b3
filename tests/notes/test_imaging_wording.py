"""Imaging, studies and procedures: wording and logic the reader must read, on the real fact catalog."""

from __future__ import annotations

import datetime as dt

import pytest

from priorauth.notes.kind import impression_items
from priorauth.notes.reader import NoteReader
from tests.notes.wording import TODAY, values

ABNORMAL = "prior_imaging.abnormal"
DEMONSTRATES = "prior_imaging.demonstrates_abnormality"
LAST_DATE = "advanced_imaging.same_region_last_date"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a study that demonstrates an abnormality is abnormal imaging (`includes`)
        ("Lumbar spine ultrasound at 2 months of age reported a low-lying conus at L3.", True),
        ("PET shows left temporal hypometabolism.", True),
        ("She brought x rays, which showed lifting of the cervical plate at C3.", True),
        (
            "Cervical spine MRI dated 06/21/07 is reviewed. It demonstrates evidence of moderate "
            "stenosis at C4-5.",
            True,
        ),
        ("MRI brain 10/02/2025 shows a 4 cm non-enhancing right frontal lesion.", True),
        # a study limited by what degrades it
        ("CT thoracic spine negative for fracture; diffuse osteopenia limits evaluation.", True),
        ("It is a relatively limited study due to artifact.", True),
        # normal studies
        ("CT chest with contrast 03/15/2023 showed no thymoma.", False),
        ("CT cervical spine (today): no acute fracture or malalignment.", False),
        ("MRI of the cervical spine was then done which was negative for disk herniation.", False),
        ("MRI of the C & T spine and LS spine has been normal.", False),
    ],
)
def test_prior_imaging(reader: NoteReader, text: str, value: bool) -> None:
    assert values(reader, text).get(ABNORMAL) == value


def test_a_request_title_and_the_age_are_no_finding(reader: NoteReader) -> None:
    got = values(reader, "MRI L-spine w/o: 61M w/ probable ALS, new L foot drop over 2 wks.")
    assert ABNORMAL not in got and DEMONSTRATES not in got


def test_an_imaging_report_is_the_prior_study_its_impression_the_result(reader: NoteReader) -> None:
    report = (
        "MRI BRAIN WITHOUT CONTRAST\nFindings: The cerebellar tonsils extend 9 mm below the foramen "
        "magnum.\nImpression:\n1. Chiari I malformation (9 mm tonsillar ectopia).\n2. Possible "
        "cervical syrinx, incompletely imaged.\n"
    )
    got = values(reader, report)
    assert got[ABNORMAL] is True and got[DEMONSTRATES] is True
    normal = (
        "EXAM: , MRI of lumbar spine without contrast.,HISTORY:, back pain.,FINDINGS: , The cord is "
        "normal.,IMPRESSION: , No acute disease in the lumbar spine."
    )
    got = values(reader, normal)
    assert got[ABNORMAL] is False and got[DEMONSTRATES] is False


def test_a_report_with_a_comparison_is_the_current_study(reader: NoteReader) -> None:
    report = (
        "MRI CERVICAL SPINE WITH AND WITHOUT CONTRAST\nComparison: None.\nFindings: Expansile "
        "intramedullary mass from C4 to C6.\nImpression: C4-C6 intramedullary mass with syrinx.\n"
    )
    assert ABNORMAL not in values(reader, report)


def test_a_mild_or_denied_impression_item_is_no_abnormality(reader: NoteReader) -> None:
    report = (
        "EXAM: , Lumbar spine CT without contrast.,FINDINGS: , no fracture.,IMPRESSION:,1.  No "
        "evidence for acute fracture or subluxation.,2.  Mild degenerative changes.,"
    )
    assert ABNORMAL not in values(reader, report)


def test_impression_items() -> None:
    text = "EXAM:,IMPRESSION:,1.  No evidence for fracture.,2.  Mild degenerative changes.,"
    assert [text[a:b] for a, b in impression_items(text)] == [
        "No evidence for fracture",
        "Mild degenerative changes",
    ]
    assert impression_items("No impression here.") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("MRI C-spine, 12/1/92: Congenitally small spinal canal.", dt.date(1992, 12, 1)),
        ("MRI L-spine, 7/3/93, revealed increased T2 signal.", dt.date(1993, 7, 3)),
        ("Outside MRI thoracic spine today showed an epidural abscess.", TODAY),
        # a differential leaves the study certain
        (
            "MRS to assess the right parietal lesion, enlarging on MRI 10/28/2025 (recurrence vs "
            "radiation necrosis).",
            dt.date(2025, 10, 28),
        ),
    ],
)
def test_the_date_of_a_study(reader: NoteReader, text: str, date: dt.date) -> None:
    assert values(reader, text)[LAST_DATE] == date


def test_xray_of_another_region_is_not_of_the_region(reader: NoteReader) -> None:
    text = (
        "Former welder - orbit X-rays 11/10/2025 show no metallic foreign body.\n"
        "Plan: non-contrast MRI lumbar spine."
    )
    assert "xray.done" not in values(reader, text)


def test_surgical_planning_for_another_region_is_no_spine_surgery(reader: NoteReader) -> None:
    text = "Plan: MRI brachial plexus without and with contrast for surgical planning."
    assert "spine_surgery.planned" not in values(reader, text)
    text = "Plan: MRI cervical spine without contrast for surgical planning."
    assert values(reader, text)["spine_surgery.planned"] is True


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("EMG/NCV: ,Unremarkable.,MRI C-spine: stenosis.", False),
        ("NCS: low-amplitude SNAPs were unobtainable in both sural nerves.", True),
        ("NCS/EMG 10/02/2025: borderline ulnar conduction slowing across the elbow.", None),
    ],
)
def test_electrodiagnostic_results(reader: NoteReader, text: str, value: bool | None) -> None:
    assert values(reader, text).get("emg_ncv.abnormal") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Longstanding cervical spinal stenosis status post decompression.", True),
        ("En bloc resection of the C2 chordoma on 03/15/2022 with occipitocervical fusion.", True),
        ("Chondrosarcoma of the C4 lateral mass, s/p wide resection 11/08/2023.", True),
        # not spine surgery, or not done
        ("Glioblastoma s/p gross total resection 01/2025.", None),
        ("The possibility of surgical decompression was raised.", None),
        ("Progressive curve, indicated for posterior spinal fusion T4-L1.", None),
    ],
)
def test_prior_spine_surgery(reader: NoteReader, text: str, value: bool | None) -> None:
    assert values(reader, text).get("spine_surgery.prior") == value


def test_a_date_read_by_two_facts_from_the_same_words_is_each_ones(reader: NoteReader) -> None:
    got = values(reader, "Chondrosarcoma of the C4 lateral mass, s/p wide resection 11/08/2023.")
    assert got["spine_surgery.last_date"] == dt.date(2023, 11, 8)
    assert got["cancer.treatment_completed_date"] == dt.date(2023, 11, 8)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Since the weekend she has new right deltoid weakness after surgery.", True),
        # the dates say so: the symptoms began after the operation
        (
            "55 y/o male s/p L4-5 laminectomy and discectomy on 08/19/2025. Over the past 2 weeks he "
            "has had increasing low back pain.",
            True,
        ),
        # an operation years before the symptoms
        (
            "s/p L4-5 laminectomy on 08/19/2015. Over the past 2 weeks he has had low back pain.",
            None,
        ),
        # a brain operation
        (
            "Glioblastoma s/p resection. No seizures since surgery.\nPlan: MRI brain with perfusion.",
            None,
        ),
    ],
)
def test_symptoms_after_a_spine_procedure(
    reader: NoteReader, text: str, value: bool | None
) -> None:
    assert values(reader, text).get("symptoms.after_spine_procedure") == value


def test_kyphoplasty_is_no_surgery_considered(reader: NoteReader) -> None:
    got = values(reader, "Plan: MRI T-spine before possible kyphoplasty.")
    assert "surgery.considered" not in got


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("There is no significant instability seen on flexion-extension views.", "xray.done", True),
        ("He is not on physical therapy.", "conservative_care.physical_therapy", False),
        ("Last MRI C-spine 10/2024; due for surveillance.", "imaging.monitoring_need", True),
        (
            "A 3T epilepsy-protocol MRI brain on 08/14/2025 was nonlesional.",
            "imaging.monitoring_need",
            None,
        ),
    ],
)
def test_studies_done_and_planned(reader: NoteReader, text: str, fact: str, value: object) -> None:
    assert values(reader, text).get(fact) == value


def test_xrays_that_will_be_taken_are_not_done(reader: NoteReader) -> None:
    got = values(reader, "X-rays of the cervical and lumbar spine will be taken today.")
    assert "xray.done" not in got


def test_walking_tolerance_that_has_fallen_is_no_fall(reader: NoteReader) -> None:
    got = values(reader, "Walking tolerance has fallen from 2 blocks to 50 feet over 3 months.")
    assert "trauma.recent" not in got


def test_a_staging_ct_chest_is_not_of_a_brain_study(reader: NoteReader) -> None:
    text = (
        "45F with an enhancing left parietal lesion on MRI brain 10/15/2025. Staging CT chest on "
        "10/20/2025 showed no lung mass. MR spectroscopy requested."
    )
    assert values(reader, text)[LAST_DATE] == dt.date(2025, 10, 15)


def test_a_ct_abdomen_shows_the_lumbar_spine(reader: NoteReader) -> None:
    text = "CT abdomen 8/12/2025 showed an incidental L2 compression fx. MRI L-spine to determine acuity."
    assert values(reader, text)[LAST_DATE] == dt.date(2025, 8, 12)


def test_a_request_line_names_the_requested_region(reader: NoteReader) -> None:
    text = (
        "CT chest with contrast on 06/20/2025 was unremarkable. Brain MRI 01/02/2025 normal.\n"
        "Request: repeat CT chest with contrast."
    )
    assert values(reader, text)[LAST_DATE] == dt.date(2025, 6, 20)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a qualified finding in a later clause of the study's line
        ("L-spine XR 07/2026: normal alignment, mild L5-S1 narrowing.", True),
        ("MRI L-spine 10/2026 only mild DDD.", True),
        (
            "Standing XR L-spine 09/14/2026: hardware intact; the R L4 pedicle screw appears medially placed.",
            True,
        ),
        ("C-spine XR: cervical rib on the R at C7.", True),
        # a study line that opens with a denial, whatever it denies
        (
            "CT C-spine 09/12/2026: no fracture or malalignment; prevertebral soft tissues normal.",
            False,
        ),
        ("PET-CT 07/2026: no FDG-avid disease.", False),
        ("XR C-spine: no fracture, subluxation or lesion.", False),
        ("Surveillance MRI brain 05/2026: Loes 0, no white matter lesion, no enhancement.", False),
    ],
)
def test_a_study_line(reader: NoteReader, text: str, value: bool) -> None:
    got = values(reader, text)
    assert got.get(ABNORMAL) == value and got.get(DEMONSTRATES) == value


def test_an_x_ray_line_with_a_qualified_finding_is_an_abnormal_x_ray(reader: NoteReader) -> None:
    assert (
        values(reader, "L-spine XR 07/2026: normal alignment, mild L5-S1 narrowing.")[
            "xray.abnormal"
        ]
        is True
    )


@pytest.mark.parametrize(
    "text",
    [
        "Req MRI L-spine: LBP x 4 wks after a fall, no radicular sx.",
        "Pls auth MRI c-spine: axial neck pain only x 2 wks.",
        "Requesting MRI lumbar spine: low back pain x 6 weeks.",
    ],
)
def test_a_requested_study_is_no_prior_study(reader: NoteReader, text: str) -> None:
    got = values(reader, text)
    assert ABNORMAL not in got and "advanced_imaging.previously_done" not in got


@pytest.mark.parametrize(
    "text",
    [
        "Plan: nerve exploration/tendon transfer to be considered.",
        "If MRS supports recurrence, re-resection and second-line therapy will be discussed.",
        "Revision surgery possible depending on CT.",
        "Posterior fossa decompression to be discussed.",
        "Plan: neurosurgical opinion re: C1-2 fusion.",
        "PT first, then first rib resection if not improved.",
        # a surgeon's view asked for
        "Plan: PT, surgical referral depending on MRI.",
        "We would value your surgical opinion.",
        "Neurosurgical consultation requested; surgical evaluation after the MRI.",
        # an operation a result or a failed treatment would call for
        "Continue PT, surgery if refractory.",
        "Plan: MRI L-spine. If PLC disrupted, posterior instrumented fusion.",
        "If she has no response, then surgery will need to be considered.",
        "The MRI result will determine re-resection.",
        # weighed against another treatment, with a parenthesis after it
        "If recurrence, repeat SRS vs resection.",
        "Nerve transfers (Oberlin, spinal accessory to suprascapular) planned.",
    ],
)
def test_surgery_considered(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["surgery.considered"] is True


@pytest.mark.parametrize(
    "text",
    [
        "No back pain before or after surgery.",
        "Impression: r/o adjacent-level disc herniation vs graft subsidence.",
        "If pain persists, PT and NSAIDs.",
        "She had a fusion in 2019 if I recall.",
    ],
)
def test_no_surgery_considered(reader: NoteReader, text: str) -> None:
    assert "surgery.considered" not in values(reader, text)


def test_not_for_surgery_denies_it(reader: NoteReader) -> None:
    assert (
        values(reader, "Sensorimotor neuropathy, not for surgery.")["surgery.considered"] is False
    )


@pytest.mark.parametrize(
    "text",
    [
        "Plan: repeat EMG, depending on the result.",
        "MRI with contrast before aspiration vs resection.",
        "MRI brain before deciding about tracheostomy/PEG vs comfort care.",
        "MRS to lateralize before proceeding to invasive SEEG.",
        "MRS to decide whether to continue TMZ or switch to second-line therapy.",
        "MRS to detect early conversion, which would prompt stem cell transplant evaluation.",
        "If the spectroscopy supports recurrence, re-resection will be discussed.",
    ],
)
def test_imaging_guides_treatment(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["imaging.guides_treatment_plan"] is True


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Neck pain after he went over the handlebars at speed.", True),
        ("Chief Complaint: clumsy hands, falls.", None),
        ("Numb feet with two falls since Christmas.", None),
        ("MRI brain: findings indeterminate for the extent of anoxic injury.", None),
        ("She fell from a ladder yesterday.", True),
    ],
)
def test_trauma(reader: NoteReader, text: str, value: bool | None) -> None:
    assert values(reader, text).get("trauma.recent") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Labs: CBC, CMP, TSH, B12, ESR, ANA, RF, SPEP with immunofixation - all normal.", True),
        ("Ammonia 28, LFTs normal, Na 139.", True),
        ("11 yo boy with X-ALD (VLCFA C26:0 elevated).", True),
        ("Will check CBC and ESR.", None),
        ("MRS: lactate doublet at 1.3 ppm.", None),
    ],
)
def test_laboratory_studies_done(reader: NoteReader, text: str, value: bool | None) -> None:
    assert values(reader, text).get("laboratory_studies.done") == value


@pytest.mark.parametrize(
    "text",
    [
        "MRI brain 04/29/2026 demonstrates new enhancement. rCBV mildly elevated, read as indeterminate.",
        "MRI brain 09/24/2026: progression vs radiation necrosis cannot be distinguished.",
        "MRI brain 07/22/2026: no definite lesion; subtle L hippocampal T2 signal - non-diagnostic.",
    ],
)
def test_a_nondiagnostic_brain_mri_on_its_line(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["brain_mri.nondiagnostic"] is True


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # the weight lost, its time and then its share
        ("Wt down 9 lb in 2 months (148 -> 139 lb, ~6%).", "weight_loss.percent_2_months", 6),
        ("Lost 12 lbs over 6 months (from 190 to 178), ~6%.", "weight_loss.percent_6_months", 6),
        (
            "He has lost 30 lb over the past 6 months (from 210 lb) - 14%.",
            "weight_loss.percent_6_months",
            14,
        ),
        # the share in a parenthesis before the time
        (
            "Lost 18 lb (200 -> 182 lb, 9%) over the past 6 months.",
            "weight_loss.percent_6_months",
            9,
        ),
        ("Weight down 6 kg (84 -> 78 kg, ~7%) over 6 months.", "weight_loss.percent_6_months", 7),
    ],
)
def test_weight_lost_in_pounds_with_its_share(
    reader: NoteReader, text: str, fact: str, value: float
) -> None:
    assert values(reader, text).get(fact) == value


def test_weight_lost_without_its_share_is_no_percent(reader: NoteReader) -> None:
    got = values(reader, "Lost 12 lbs over 6 months.")
    assert "weight_loss.percent_6_months" not in got


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a finding the chest CT did not show is a negative chest CT
        ("CT chest 07/2025: no adenopathy, no lung nodules.", "negative"),
        ("CT chest w/o contrast 07/2023: no thymoma.", "negative"),
        ("CT chest with contrast 03/15/2023 showed no thymoma.", "negative"),
        ("CT of the chest showed no evidence of recurrent metastatic disease.", "negative"),
        # a finding after its decimal size
        (
            "CT chest with contrast 03/18/2025: 2.8 cm anterior mediastinal soft-tissue mass.",
            "abnormal",
        ),
    ],
)
def test_chest_ct_result(reader: NoteReader, text: str, value: str) -> None:
    assert values(reader, text).get("chest_ct.prior_result") == value


def test_no_change_on_chest_ct_is_no_negative_one(reader: NoteReader) -> None:
    got = values(reader, "CT chest 05/2025 showed no change in the 2 cm nodule.")
    assert got.get("chest_ct.prior_result") != "negative"


@pytest.mark.parametrize(
    "text",
    [
        # a finding named after a level ("C6-7"), after a long title, after a combined trunk CT
        "CT cervical spine earlier today showed C6-7 anterolisthesis.",
        "CT C-spine without contrast (today): transverse fracture through the fused C6-7 disc space.",
        "CT chest/abd/pelvis w/ contrast and T/L spine reformats (today): L1 burst fracture.",
    ],
)
def test_a_ct_with_a_fracture_is_no_negative_ct(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("ct.negative") is False


def test_a_head_ct_finding_says_nothing_of_the_spine_ct(reader: NoteReader) -> None:
    assert "ct.negative" not in values(reader, "CT head: small subdural hematoma.")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # more than one grade word before the glioma
        ("Known diffuse low-grade glioma of the L insula.", "known"),
        # a reading that favours it is a suspicion
        ("Appearance favors a diffuse low-grade glioma.", "suspected"),
    ],
)
def test_glioma_with_its_grade_words(reader: NoteReader, text: str, value: str) -> None:
    assert values(reader, text).get("glioma") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the study's aim in the plan
        ("Plan: MRS to differentiate glioma from metastasis.", "metastasis"),
        ("Plan: MR spectroscopy to help separate low- from high-grade tumor.", "low_vs_high_grade"),
        # the infection named first
        (
            "MRI brain with MR spectroscopy to differentiate abscess from tumor/lymphoma.",
            "infection",
        ),
        ("MRS tonight to distinguish abscess from necrotic tumor before aspiration.", "infection"),
        # a treatment effect named for the necrosis it may be
        (
            "Glioblastoma. Enhancing lesion - progression versus treatment effect (radiation necrosis).",
            "necrosis",
        ),
    ],
)
def test_glioma_differential(reader: NoteReader, text: str, value: str) -> None:
    assert values(reader, text).get("glioma.differential") == value


def test_a_suspected_differential_is_no_study_aim(reader: NoteReader) -> None:
    got = values(
        reader,
        "Assessment: ring-enhancing lesion - ddx toxoplasmosis vs pyogenic abscess vs primary CNS "
        "lymphoma vs high-grade glioma.",
    )
    assert "glioma.differential" not in got


@pytest.mark.parametrize(
    "text",
    [
        "Per RANO, true progression vs treatment-related change (radiation necrosis) cannot be distinguished.",
        "Enhancing lesion - progression versus treatment effect.",
        "Treatment effect vs recurrence.",
    ],
)
def test_recurrence_versus_treatment_effect(reader: NoteReader, text: str) -> None:
    assert values(reader, text).get("brain_tumor.recurrence_vs_radiation_necrosis") is True


@pytest.mark.parametrize(
    "text",
    [
        # a finding named after its anatomy, in a later clause of the x-ray's line
        "IMAGING: L-spine XR 06/30/2025: normal alignment, disc space narrowing L5-S1.",
        "XR C-spine 03/2025: normal alignment, facet arthropathy C5-6.",
    ],
)
def test_an_xray_finding_after_a_normal_alignment(reader: NoteReader, text: str) -> None:
    got = values(reader, text)
    assert got["xray.abnormal"] is True and got[ABNORMAL] is True and got[DEMONSTRATES] is True


@pytest.mark.parametrize(
    "text",
    [
        # a normal alignment and then only denials
        "L-spine XR 02/20/25: normal alignment, no fracture, no lytic or blastic lesion.",
        # "neg", and a dated study after a denial opens its own clause
        "Lumbar MRI requested: chronic LBP 1 yr, failed PT, no neuro deficits, XR 2025 neg.",
        # a denied list is denied
        "XR L-spine 2024: no fracture, disc space narrowing or listhesis.",
    ],
)
def test_a_normal_xray(reader: NoteReader, text: str) -> None:
    got = values(reader, text)
    assert got["xray.abnormal"] is False and got[ABNORMAL] is False and got[DEMONSTRATES] is False


def test_a_dated_study_after_a_denial_is_done(reader: NoteReader) -> None:
    got = values(reader, "No neuro deficits, XR 2025 neg.")
    assert got["xray.done"] is True
    assert values(reader, "No prior MRI, CT or x-rays.")["xray.done"] is False


@pytest.mark.parametrize(
    "text",
    [
        # a finding the report line denies is no denial of the study
        "NCS/EMG 09/02/2025: absent R peroneal and tibial CMAPs, absent sural SNAPs.",
        "NCS 08/2025: absent R lateral femoral cutaneous SNAP, normal L.",
    ],
)
def test_a_study_line_with_absent_responses_is_done(reader: NoteReader, text: str) -> None:
    got = values(reader, text)
    assert got["emg_ncv.done"] is True and got["emg_ncv.abnormal"] is True


def test_a_study_line_that_denies_the_study(reader: NoteReader) -> None:
    assert values(reader, "EMG: not done.")["emg_ncv.done"] is False
    got = values(reader, "Prior MRI: none.")
    assert got["advanced_imaging.previously_done"] is False and ABNORMAL not in got


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a course named with its dose or drugs before the word that ends it
        (
            "Glioblastoma; GTR 02/2025; RT 60 Gy/30 fx with concurrent TMZ completed 04/10/2025.",
            dt.date(2025, 4, 10),
        ),
        (
            "Followed by involved-field radiotherapy 60 Gy with concurrent temozolomide (finished "
            "09/2025) and 6 cycles of adjuvant TMZ.",
            dt.date(2025, 9, 30),
        ),
        ("Breast cancer s/p mastectomy and XRT (completed 08/2019).", dt.date(2019, 8, 31)),
    ],
)
def test_cancer_treatment_completed(reader: NoteReader, text: str, value: dt.date) -> None:
    assert values(reader, text).get("cancer.treatment_completed_date") == value


def test_a_course_still_to_be_completed_has_no_date(reader: NoteReader) -> None:
    got = values(reader, "Chemotherapy started 09/2025, to be completed in 2026.")
    assert "cancer.treatment_completed_date" not in got


def test_a_year_right_after_an_operation_dates_it(reader: NoteReader) -> None:
    got = values(reader, "Back pain, s/p L4-5 laminectomy 2019.")
    assert got["spine_surgery.last_date"] == dt.date(2019, 12, 31)
    assert "spine_surgery.last_date" not in values(reader, "Gabapentin 2000 mg daily.")


@pytest.mark.parametrize(
    "text",
    [
        # iodinated contrast avoided, a reaction after it, a dye in an allergy list
        "Avoids iodinated contrast given the prior myasthenic exacerbation.",
        "History of myasthenic crisis requiring BiPAP in 2024 after iodinated contrast.",
        "ALLERGIES: , Hypaque dye when she had x-rays for her kidneys.",
    ],
)
def test_contrast_concern(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["contrast.adverse_effect_concern"] is True


def test_a_contrast_study_is_no_contrast_concern(reader: NoteReader) -> None:
    got = values(reader, "CT chest with iodinated contrast 03/2025: no thymoma.")
    assert "contrast.adverse_effect_concern" not in got


@pytest.mark.parametrize(
    "text",
    [
        # the subluxation a long way after the x-ray, past a decimal
        "Flexion-extension radiographs of the cervical spine on 09/02/2025 show an atlantodental "
        "interval of 7 mm in flexion, consistent with atlantoaxial subluxation.",
        "Flexion-extension C-spine X-rays (08/28/2025): anterior atlantodental interval 7.5 mm in "
        "flexion (3 mm neutral) - atlantoaxial subluxation.",
        # an atlantodental interval that widens in flexion
        "Flexion/extension C-spine XR 03/25/2025: atlanto-dens interval 4 mm in neutral widening to "
        "8 mm in flexion; erosion of the dens.",
    ],
)
def test_xray_subluxation(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["xray.subluxation"] is True


def test_xray_without_subluxation(reader: NoteReader) -> None:
    got = values(
        reader, "Flexion-extension x-rays 03/2025: no subluxation, normal atlantodental interval."
    )
    assert got.get("xray.subluxation") is not True


@pytest.mark.parametrize(
    "text",
    [
        # a choice between a brain tumor's treatments that the study will make
        "MRS of the enhancing margin; the result will decide between re-resection or bevacizumab.",
        "Plan: MR perfusion to decide whether to continue TMZ or switch to second-line therapy.",
        "Plan: MRS. If recurrence, repeat SRS vs resection.",
        "If choline/NAA supports recurrence, re-resection and second-line therapy will be discussed.",
    ],
)
def test_brain_tumor_treatment_choice(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["brain_tumor.treatment_planning_or_response"] is True


def test_a_spine_tumor_treatment_choice_is_no_brain_one(reader: NoteReader) -> None:
    got = values(reader, "Spine metastasis: decide between resection and SBRT.")
    assert "brain_tumor.treatment_planning_or_response" not in got


@pytest.mark.parametrize(
    "text",
    [
        # what the study will set going, a choice between treatments it will make
        "MRS to guide starting L-arginine.",
        "MRI brain to guide the timing of hematopoietic stem cell transplant.",
        "Plan: MR perfusion to decide whether to continue TMZ or switch to second-line therapy.",
        "Plan: MRS. If recurrence, repeat SRS vs resection.",
    ],
)
def test_imaging_guides_treatment_start_or_choice(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["imaging.guides_treatment_plan"] is True


def test_a_guided_injection_is_no_treatment_plan(reader: NoteReader) -> None:
    assert "imaging.guides_treatment_plan" not in values(reader, "Ultrasound-guided injection.")


@pytest.mark.parametrize(
    "text",
    [
        # "mets" and a bone word before the metastasis
        "Breast cancer with bone mets to T4 and L2.",
        "Lung cancer with a C6 bone metastasis.",
    ],
)
def test_spine_bone_metastasis(reader: NoteReader, text: str) -> None:
    got = values(reader, text)
    assert got["tumor.spine_bone"] == "known" and got["tumor.spine_lesion"] == "known"


@pytest.mark.parametrize(
    "impression",
    [
        "Impression: Solitary rim-enhancing lesion; the DWI pattern is not definitive.",
        "IMPRESSION: Most suggestive of MLC; Alexander disease cannot be excluded on imaging alone.",
    ],
)
def test_a_brain_mri_report_that_cannot_settle_it(reader: NoteReader, impression: str) -> None:
    report = f"MRI BRAIN WITH AND WITHOUT CONTRAST\nFindings: a 2 cm lesion.\n{impression}\n"
    assert values(reader, report)["brain_mri.nondiagnostic"] is True


def test_a_spine_mri_report_is_no_brain_one(reader: NoteReader) -> None:
    report = "MRI LUMBAR SPINE\nImpression: disc extrusion; the DWI pattern is not definitive.\n"
    assert "brain_mri.nondiagnostic" not in values(reader, report)


def test_a_date_before_a_symptom_it_comes_with_is_the_operation_s(reader: NoteReader) -> None:
    got = values(
        reader, "HPI: 56 yo F s/p L4-5 microdiscectomy 11/2024 with chronic low back pain."
    )
    assert got["spine_surgery.last_date"] == dt.date(2024, 11, 30)
    # ... but a procedure that follows it "with" keeps it
    got = values(
        reader, "Laminectomy on 03/15/2022 with occipitocervical fusion, then proton therapy."
    )
    assert got["spine_surgery.last_date"] == dt.date(2022, 3, 15)


@pytest.mark.parametrize(
    "text",
    [
        # an ultrasound with a finding (a decimal size before the nerve it names)
        "US R arm 07/22/2025: 2.4 x 1.6 cm hypoechoic fusiform mass in continuity with the ulnar nerve.",
        "Bedside US: 4 x 3 cm fluid collection deep to the incision.",
        "Median nerve ultrasound: cross-sectional area 13 mm2 right, consistent with CTS.",
    ],
)
def test_an_abnormal_ultrasound(reader: NoteReader, text: str) -> None:
    got = values(reader, text)
    assert got[ABNORMAL] is True and got[DEMONSTRATES] is True


def test_an_ultrasound_of_the_nerve_past_a_decimal_is_done(reader: NoteReader) -> None:
    text = "US R arm 07/22/2025: 2.4 x 1.6 cm mass in continuity with the ulnar nerve."
    assert values(reader, text)["ultrasound.done"] is True
    assert ABNORMAL not in values(reader, "US of the kidneys: normal.") or (
        values(reader, "US of the kidneys: normal.")[ABNORMAL] is False
    )


@pytest.mark.parametrize(
    "text",
    [
        # responses a study found absent, with the word before them, after a result verb
        "Nerve conduction studies showed absent sural sensory responses bilaterally.",
        # a neuromuscular junction's decrement
        "Decremental response on repetitive nerve stimulation.",
    ],
)
def test_an_abnormal_electrodiagnostic_study(reader: NoteReader, text: str) -> None:
    got = values(reader, text)
    assert got["emg_ncv.abnormal"] is True and got["emg_ncv.done"] is True


def test_a_study_that_was_not_done(reader: NoteReader) -> None:
    assert values(reader, "EMG was not done.")["emg_ncv.done"] is False
    assert values(reader, "No decremental response on RNS.")["emg_ncv.abnormal"] is False


@pytest.mark.parametrize(
    "text",
    [
        # dictated: the study obtained or performed, then what it showed
        "A CT scan of the lumbar spine was obtained, which revealed a compression fracture of L1.",
        "MRI of the cervical spine was performed and demonstrates stenosis at C5-6.",
        "MRI of the C & T spine and LS spine has been normal.",
    ],
)
def test_a_dictated_prior_study(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["advanced_imaging.previously_done"] is True


def test_a_study_to_be_obtained_is_no_prior_study(reader: NoteReader) -> None:
    got = values(reader, "MRI of the lumbar spine will be obtained.")
    assert "advanced_imaging.previously_done" not in got


@pytest.mark.parametrize(
    "impression",
    [
        "IMPRESSION: , 1.  No evidence for acute fracture or subluxation.",
        "IMPRESSION: , Negative cervical spine.",
    ],
)
def test_a_spine_ct_report_with_no_injury_is_a_negative_ct(
    reader: NoteReader, impression: str
) -> None:
    report = f"EXAM: , Lumbar spine CT without contrast.,FINDINGS: , Mild narrowing.,{impression}"
    assert values(reader, report)["ct.negative"] is True


def test_a_head_ct_report_says_nothing_of_a_spine_ct(reader: NoteReader) -> None:
    report = "EXAM: CT head.\nIMPRESSION: No acute fracture."
    assert "ct.negative" not in values(reader, report)


@pytest.mark.parametrize(
    "text",
    [
        "She is scheduled for an L4-5 decompression and fusion next month.",
        "We will proceed with a C4-5, C5-6 anterior cervical decompression and fusion.",
    ],
)
def test_spine_surgery_scheduled_or_to_proceed(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["spine_surgery.planned"] is True


def test_an_operation_to_proceed_with_is_no_prior_one(reader: NoteReader) -> None:
    got = values(
        reader, "We will proceed with a C4-5, C5-6 anterior cervical decompression and fusion."
    )
    assert "spine_surgery.prior" not in got
