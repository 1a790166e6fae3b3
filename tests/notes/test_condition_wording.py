"""Conditions and diagnoses as clinicians write them, and their assertion, on the real fact catalog.

A file of its own (beside test_wording.py) so that work on other areas of the reader merges cleanly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from priorauth.notes.reader import NoteReader
from tests.notes.wording import values


# ---- assertion: suspected, excluded, revised -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a closing hedge revises the clause before it, commas and "but" included
        (
            "Transverse myelitis unlikely given areflexia and no sensory level, but must be excluded.",
            "transverse_myelitis",
            "suspected",
        ),
        ("Myopathy unlikely, but cannot be excluded.", "myopathy", "suspected"),
        ("Myopathy unlikely (CK normal).", "myopathy", "absent"),
        # considered, then excluded
        (
            "A mitochondrial disorder was considered given his short stature but was excluded.",
            "mitochondrial_disorder",
            "absent",
        ),
        ("Lambert-Eaton was excluded at diagnosis.", "lambert_eaton_syndrome", "absent"),
        ("There is no concern for spinal infection.", "infection.spine", "absent"),
        # favoured, written after the diagnosis
        (
            "Radiation-induced plexopathy favored given the myokymia.",
            "plexopathy.radiation",
            "suspected",
        ),
        ("At this point, a C5 radiculopathy could not be ruled out.", "radiculopathy", "suspected"),
        (
            "R/O L5 radiculopathy before the ALS dx is finalized.",
            "amyotrophic_lateral_sclerosis",
            "suspected",
        ),
        # a differential written "X vs. Y" leaves both suspected
        (
            "She was diagnosed with atypical Guillain-Barre vs. polyradiculopathy.",
            "guillain_barre_syndrome",
            "suspected",
        ),
        (
            "REFERRING DIAGNOSIS: , Motor neuron disease.",
            "amyotrophic_lateral_sclerosis",
            "suspected",
        ),
        (
            "The changes on the needle EMG would be consistent with a diagnosis of motor neuron disease.",
            "amyotrophic_lateral_sclerosis",
            "suspected",
        ),
        (
            "This makes it difficult to be certain about the diagnosis of motor neuron disease.",
            "amyotrophic_lateral_sclerosis",
            "suspected",
        ),
        # the header's "plan" plans nothing, and "cannot distinguish" denies nothing
        (
            "Assessment/plan: Cannot distinguish recurrent GBM from radiation necrosis on conventional MRI.",
            "glioma.differential",
            "necrosis",
        ),
        ("Assessment and plan: L5 radiculopathy.", "radiculopathy", "known"),
        # a level written "L5 versus S1" is uncertain, the radiculopathy is not
        ("IMPRESSION: A mild right L5 versus S1 radiculopathy.", "radiculopathy", "known"),
        ("Assessment: left C6 vs C7 radiculopathy.", "radiculopathy", "known"),
        ("Peroneal neuropathy versus L5 radiculopathy.", "radiculopathy", "suspected"),
        # a trigger opening the next item of a list is about that item only
        (
            "PET-CT showed a lytic lesion in T10 with a pathologic compression fracture and possible epidural tumor extension.",
            "compression_fracture",
            "known",
        ),
        (
            "CT negative, but occult fracture through the ankylosed segments cannot be excluded.",
            "injury.spine_fracture",
            "suspected",
        ),
        # a suspicion now outranks a denial on an earlier study
        (
            "CT chest 03/15/2023 showed no thymoma. The titer has risen, so concern for thymoma persists.",
            "cancer",
            "suspected",
        ),
        # a doubt written after the diagnosis, in other words than "unlikely" or "excluded"
        ("Krabbe disease is the other consideration.", "krabbe_disease", "suspected"),
        (
            "Guillain-Barre syndrome is another consideration.",
            "guillain_barre_syndrome",
            "suspected",
        ),
        (
            "Cervical spondylotic myelopathy with radiculopathy is the main mimic to exclude.",
            "myelopathy",
            "suspected",
        ),
        ("A lower trunk plexopathy has not been excluded.", "brachial_plexopathy", "suspected"),
        (
            "Thoracic outlet syndrome has not yet been ruled out.",
            "thoracic_outlet_syndrome.neurogenic",
            "suspected",
        ),
        (
            "First demyelinating event, MS most likely; NMOSD to be excluded.",
            "multiple_sclerosis",
            "suspected",
        ),
        # ... but "most likely due to / secondary to" names the cause of a known condition
        (
            "Peripheral neuropathy of her left foot is most likely secondary to chemo.",
            "peripheral_nerve_disorder",
            "known",
        ),
    ],
)
def test_condition_assertion(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


def test_absent_as_an_adjective_looks_forward(reader: NoteReader) -> None:
    got = values(
        reader, "EMG: severe R median neuropathy at the wrist with absent sensory response."
    )
    assert got.get("neuropathy.severe") is True


def test_a_negation_inside_a_parenthesis_stays_there(reader: NoteReader) -> None:
    got = values(
        reader,
        "Stimulator (implanted 2021, not MRI compatible per the rep) and a dual-chamber pacemaker.",
    )
    assert got.get("mri_safety.pacemaker") is True
    assert got.get("mri.contraindicated") is True


def test_a_negation_inside_the_phrase_is_part_of_it(reader: NoteReader) -> None:
    got = values(reader, "He cannot undergo an MRI of his spine because he has an ear implant.")
    assert got.get("mri.contraindicated") is True
    assert got.get("mri_safety.incompatible_device") is True


def test_a_contraindication_in_the_plan_is_a_state(reader: NoteReader) -> None:
    got = values(
        reader, "P: MRI is contraindicated because of the pacemaker; CT myelogram instead."
    )
    assert got.get("mri.contraindicated") is True


# ---- wording ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Concern for adjacent segment disease at L2-3.", "degenerative_disc_disease", "suspected"),
        (
            "Impression: L ulnar neuropathy; localization remains uncertain.",
            "diagnosis.uncertain",
            True,
        ),
        (
            "s/p resection of a median nerve schwannoma; benign pathology.",
            "nerve_tumor.malignant_transformation",
            "absent",
        ),
        (
            "Surgeon (Dr. Patel) requests post-op baseline MRI.",
            "nerve_tumor.postoperative_surgeon_request",
            True,
        ),
        (
            "H/o ACom aneurysm treated with a surgical clip in 2012.",
            "mri_safety.aneurysm_clips",
            True,
        ),
        ("MRI reveals a right paracentral disc at L5-S1.", "degenerative_disc_disease", "known"),
        (
            "Severe shooting, radicular type pain with right leg movement.",
            "radiculopathy.severe",
            True,
        ),
        (
            "A large epidural lipoma displacing the spinal cord.",
            "tumor.extradural_connective_tissue",
            "known",
        ),
        ("Concern for cauda equina syndrome.", "compression.cauda_equina", "suspected"),
        (
            "Back pain and saddle numbness, c/f cauda equina syndrome.",
            "compression.cauda_equina",
            "suspected",
        ),
        ("Normal CSF protein argues against GBS.", "guillain_barre_syndrome", "absent"),
        (
            "Impression: severe hypoxic-ischemic encephalopathy.\nNeurology requests MR spectroscopy to help establish prognosis.",
            "encephalopathy.prognosis_evaluation",
            True,
        ),
        (
            "Request: MR spectroscopy to guide the timing of hematopoietic stem cell transplant.",
            "therapy.evaluation_or_planning_needed",
            True,
        ),
        (
            "History of Ehlers-Danlos syndrome, hypermobile type.",
            "connective_tissue_disorder",
            "known",
        ),
        ("Impression: Guillain\u2013Barr\u00e9 syndrome.", "guillain_barre_syndrome", "known"),
        ("Assessment: acute TM, NMOSD to be excluded.", "transverse_myelitis", "known"),
        (
            "MRI showed a disc extrusion contacting the traversing L5 nerve root.",
            "compression.nerve_root",
            "known",
        ),
        (
            "Myelopathy of unclear etiology; no compressive lesion on thoracic imaging.",
            "compression.spinal_cord",
            "absent",
        ),
        (
            "CT lumbar spine showed fluid around the hardware.",
            "postoperative.fluid_or_soft_tissue_change",
            "known",
        ),
        (
            "A subcutaneous fluid collection, which may be compatible with normal postoperative fluid collection.",
            "postoperative.fluid_or_soft_tissue_change",
            "known",
        ),
        (
            "Radiation to the breast and supraclavicular/axillary fields completed 11/2019.",
            "cancer.treatment_completed_date",
            dt.date(2019, 11, 30),
        ),
    ],
)
def test_condition_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


def test_a_brachial_plexus_named_as_a_study_region_is_no_plexopathy(reader: NoteReader) -> None:
    got = values(
        reader,
        "Plan: MR neurography (ulnar nerve, elbow to brachial plexus) to localize the lesion.",
    )
    assert "brachial_plexopathy" not in got


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "The cauda equina are pushed up against the posterior L1 vertebral body.",
            "compression.cauda_equina",
        ),
        ("The rationale includes decompression of the spinal cord.", "compression.spinal_cord"),
        (
            "A small disc at C3-C4 with less severe and only subtle cord compression.",
            "neuropathy.severe",
        ),
    ],
)
def test_anatomy_and_procedures_are_no_condition(reader: NoteReader, text: str, fact: str) -> None:
    assert fact not in values(reader, text)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("HEENT: TMs clear bilaterally; R TM intact.", "transverse_myelitis"),
        ("MRS to distinguish tumor recurrence from radiation necrosis.", "postradiation_changes"),
        ("Myokymia favors radiation injury of the plexus.", "postradiation_changes"),
    ],
)
def test_not_this_condition(reader: NoteReader, text: str, fact: str) -> None:
    assert fact not in values(reader, text)


def test_radiation_necrosis_of_the_spine_is_a_postradiation_change(reader: NoteReader) -> None:
    assert (
        values(reader, "Radiation necrosis of the T8 vertebral body.").get("postradiation_changes")
        == "known"
    )


def test_a_bare_plexopathy_is_the_plexus_of_the_note_s_limb(reader: NoteReader) -> None:
    leg = (
        "NCS: peroneal and tibial motor responses normal in both legs; sural sensory normal. Needle EMG of "
        "the left leg: chronic denervation in tibialis anterior, L5 paraspinals. Impression: left L5 "
        "radiculopathy. There is no evidence of plexopathy."
    )
    got = values(reader, leg)
    assert got.get("lumbosacral_plexopathy") == "absent"
    assert "brachial_plexopathy" not in got
    arm = (
        "Right arm and hand numbness; median and ulnar studies normal; deltoid, biceps and triceps normal. "
        "No evidence of radiculopathy or plexopathy."
    )
    assert values(reader, arm).get("brachial_plexopathy") == "absent"
    both = "Numbness of the left hand and the left foot. Possible plexopathy."
    assert not {"brachial_plexopathy", "lumbosacral_plexopathy"} & set(values(reader, both))


# ---- MRI safety and pregnancy ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a model that is MR conditional, for a device not yet confirmed, is no confirmation
        (
            "S-ICD (2023); model is MR conditional at 1.5 T only, device clinic confirmation pending.",
            "mri_safety.device_mr_conditional",
            False,
        ),
        (
            "SCS is MR-conditional per rep - not yet confirmed.",
            "mri_safety.device_mr_conditional",
            False,
        ),
        ("The pacemaker is MR conditional.", "mri_safety.device_mr_conditional", True),
        ("Pacer (2011), NOT MR conditional per EP.", "mri.contraindicated", True),
        ("Dual-chamber pacemaker, not MRI-compatible.", "mri.contraindicated", True),
        # a treatment avoided in pregnancy does not deny the pregnancy
        ("Tylenol only, NSAIDs avoided in pregnancy.", "pregnancy", True),
        ("28 weeks pregnant. No gadolinium during pregnancy.", "pregnancy", True),
    ],
)
def test_mri_safety_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- a tunnel named as a place, a screening ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "A steroid injection into the tarsal tunnel 02/2026 did not help.",
            "tarsal_tunnel_syndrome",
            None,
        ),
        ("US R tarsal tunnel: no ganglion seen.", "tarsal_tunnel_syndrome", None),
        ("Tinel's positive over the carpal tunnel.", "peripheral_nerve_disorder", None),
        ("A: R tarsal tunnel syndrome.", "tarsal_tunnel_syndrome", "known"),
        ("Bilateral carpal tunnel, worse on the R.", "peripheral_nerve_disorder", "known"),
        # a malignancy looked for is suspected
        ("Dermatomyositis (TIF1-gamma, so malignancy screen needed).", "cancer", "suspected"),
        ("CT chest/abdomen/pelvis for cancer screening.", "cancer", "suspected"),
        ("Screening for occult malignancy is under way.", "cancer", "suspected"),
    ],
)
def test_place_and_screening_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- a relative's disease told at length; an antibody test sent is no diagnosis ----------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "His older sister died at age 6 of late-infantile metachromatic leukodystrophy.",
            "metachromatic_leukodystrophy",
            None,
        ),
        ("Serum AQP4-IgG and MOG-IgG sent.", "neuromyelitis_optica", None),
        (
            "Anti-MOG antibodies pending, CSF oligoclonal bands pending.",
            "mog_antibody_disease",
            None,
        ),
        ("AQP4-IgG positive.", "neuromyelitis_optica", "known"),
    ],
)
def test_family_and_pending_tests(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- a presumption, a best guess closing the clause, and a cause's setting ----------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # "until proven otherwise": a condition is suspected, a finding the note acts on holds
        ("Cauda equina syndrome until proven otherwise.", "compression.cauda_equina", "suspected"),
        (
            "Post-procedural discitis at L4-5 until proven otherwise in an immunosuppressed host.",
            "infection.discitis",
            "suspected",
        ),
        (
            "Fracture in an ankylosed spine is considered unstable until proven otherwise.",
            "spine.unstable",
            True,
        ),
        ("Cauda equina syndrome.", "compression.cauda_equina", "known"),
        # "most likely" closing a clause with a parenthesis in it
        (
            "A: R neuralgic amyotrophy (Parsonage-Turner) most likely; C5 radiculopathy unlikely.",
            "brachial_plexitis",
            "suspected",
        ),
        ("Working diagnosis: transverse myelitis.", "transverse_myelitis", "suspected"),
        # "most consistent with" is the clinician's diagnosis, not a doubt
        (
            "IMPRESSION: Clinical picture is most consistent with cervical spondylotic myelopathy.",
            "myelopathy",
            "known",
        ),
        # what follows "in a patient with" is the setting, not what is ruled out
        (
            "MRI L-spine to rule out discitis in a patient with diabetes.",
            "immune_suppression",
            True,
        ),
        (
            "MRI L-spine to rule out discitis in a patient with diabetes.",
            "infection.discitis",
            "suspected",
        ),
    ],
)
def test_presumption_and_best_guess(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- terse and x-ray wording of radiculopathy, disc disease, seizures, instability and wasting -----------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("LBP x 10 days after lifting, no red flags, no radic sx.", "radiculopathy", "absent"),
        ("L5 radic x 14 wks despite PT.", "radiculopathy", "known"),
        (
            "A: Myofascial neck pain. No radicular or myelopathic features.",
            "radiculopathy",
            "absent",
        ),
        ("No radicular signs.", "radiculopathy", "absent"),
        ("Radial styloid tenderness.", "radiculopathy", None),
        # disc disease on an x-ray
        (
            "XR L-spine: mild L4-5 and L5-S1 disc space narrowing.",
            "degenerative_disc_disease",
            "known",
        ),
        ("XR L-spine 05/2026: mild L5-S1 narrowing.", "degenerative_disc_disease", "known"),
        ("XR L-spine: grade 1 L4-5 spondylolisthesis.", "degenerative_disc_disease", "known"),
        ("Loss of disk height at C5-6.", "degenerative_disc_disease", "known"),
        ("There is no spondylolisthesis.", "degenerative_disc_disease", "absent"),
        ("Airway narrowing at C3.", "degenerative_disc_disease", None),
        # a seizure type that is epilepsy's; one seizure, or seizures denied, say nothing of epilepsy
        ("34 yo F with a 3-year history of focal aware seizures.", "epilepsy", "known"),
        ("Complex partial seizures since age 12.", "epilepsy", "known"),
        ("Presented with a first generalized seizure.", "epilepsy", None),
        ("ROS: No seizures.", "epilepsy", None),
        # instability on dynamic films
        (
            "There is no significant instability seen on flexion-extension views.",
            "spine.unstable",
            False,
        ),
        ("Segmental instability at L4-5.", "spine.unstable", True),
        ("Gait instability.", "spine.unstable", None),
        # wasting, in either word order
        (
            "There is visible wasting of the first dorsal interosseous.",
            "neuropathy.severe",
            True,
        ),
        ("Severe L thigh pain then quad wasting.", "neuropathy.severe", True),
        ("No wasting of the thenar eminence.", "neuropathy.severe", False),
        ("Wasting of the savings.", "neuropathy.severe", None),
        # long-term steroids written "x 2 yrs"
        (
            "On prednisone 10 mg daily for polymyalgia rheumatica x 2 yrs.",
            "immune_suppression",
            True,
        ),
    ],
)
def test_terse_and_xray_wording(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- an atlantoaxial subluxation is an injury only after trauma ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("RA with atlantoaxial subluxation (ADI 7 mm in flexion).", None),
        ("RA with dynamic C1-C2 subluxation.", None),
        ("C5-6 subluxation after the crash.", "known"),
        ("Traumatic atlantoaxial subluxation after the fall.", "known"),
    ],
)
def test_atlantoaxial_subluxation_is_no_injury_by_itself(
    reader: NoteReader, text: str, value: Any
) -> None:
    assert values(reader, text).get("injury.spine") == value


# ---- a denial does not run on through reported values or a new item; doubt and "whether" -------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a lab reported with its value after a denial is done, not denied
        ("No diabetes (A1c 5.4), B12 612, TSH normal.", "laboratory_studies.done", True),
        ("No diabetes (A1c 5.4), B12 612, TSH normal.", "immune_suppression", False),
        ("Denies fever, WBC 6.1.", "laboratory_studies.done", True),
        ("No fever, chills or night sweats.", "infection.signs_symptoms", False),
        # an item that opens with its own time word is a new item, not one more denied
        ("No history of cancer, prior L4-5 fusion.", "spine_surgery.prior", True),
        ("No history of cancer, prior L4-5 fusion.", "cancer", "absent"),
        ("No trauma, recent epidural abscess drained.", "infection.epidural_abscess", "known"),
        # the clinician's doubt denies, a "whether" leaves it open
        ("I doubt this represents multiple sclerosis.", "multiple_sclerosis", "absent"),
        ("MS is doubtful.", "multiple_sclerosis", "absent"),
        (
            "It is unclear whether this represents transverse myelitis or a spinal cord infarct.",
            "transverse_myelitis",
            "suspected",
        ),
        ("This represents transverse myelitis.", "transverse_myelitis", "known"),
    ],
)
def test_denial_lists_doubt_and_whether(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


# ---- a denied radiation of the pain; a cause after "from prior", "related to" is not what is doubted ---------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("10 days of neck pain. No radiation, no numbness.", "radiculopathy", "absent"),
        ("LBP without radiation.", "radiculopathy", "absent"),
        ("Pain does not radiate.", "radiculopathy", "absent"),
        ("No radiation therapy to the spine.", "radiculopathy", None),
        ("Treated with chemotherapy and radiation.", "radiculopathy", None),
        (
            "Hyporeflexia, which probably represents a cervical myelopathy from prior cord compression.",
            "compression.spinal_cord",
            "known",
        ),
        (
            "Hyporeflexia, which probably represents a cervical myelopathy from prior cord compression.",
            "myelopathy",
            "suspected",
        ),
        (
            "Possible L5 radiculopathy related to the L4-5 disc herniation.",
            "degenerative_disc_disease",
            "known",
        ),
    ],
)
def test_denied_radiation_and_causes(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- differentials and doubts in dictated prose; a relative's diagnosis; warnings given ----------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("His brother was diagnosed with myasthenia gravis.", "myasthenia_gravis", None),
        ("His brother reports that he has myasthenia gravis.", "myasthenia_gravis", "known"),
        (
            "Concern is for an underlying demyelinating process such as multiple sclerosis.",
            "multiple_sclerosis",
            "suspected",
        ),
        ("Her symptoms could be due to a cervical myelopathy.", "myelopathy", "suspected"),
        ("This may be related to a C6 radiculopathy.", "radiculopathy", "suspected"),
        ("Her weakness is due to a C6 radiculopathy.", "radiculopathy", "known"),
        ("Consider MS.", "multiple_sclerosis", "suspected"),
        ("Consider an ulnar neuropathy at the elbow.", "ulnar_neuropathy", "suspected"),
        ("Consider EMG for the radiculopathy.", "emg_ncv.done", None),
        ("ALS is a possibility.", "amyotrophic_lateral_sclerosis", "suspected"),
        ("MS remains a possibility.", "multiple_sclerosis", "suspected"),
        ("Unlikely to be MS.", "multiple_sclerosis", "absent"),
        ("This is not felt to be ALS.", "amyotrophic_lateral_sclerosis", "absent"),
        ("Warning signs of cauda equina syndrome were reviewed.", "compression.cauda_equina", None),
        ("She was counseled on the signs of cord compression.", "compression.spinal_cord", None),
        ("Cauda equina precautions given.", "compression.cauda_equina", None),
        # wording of known conditions
        ("PMH: seizure d/o.", "epilepsy", "known"),
        ("DEXA 2024: T-score -3.1 at the femoral neck.", "osteoporosis", "known"),
        ("DEXA: T-score -1.8.", "osteoporosis", None),
        ("Cavernous malformation of the cervical cord.", "vascular_malformation.spinal", "known"),
        ("Disc bulge crowding the descending S1 root.", "compression.nerve_root", "known"),
        ("The L5 nerve root is compressed.", "compression.nerve_root", "known"),
        (
            "Protrusion abuts the traversing L5 nerve root without compression.",
            "compression.nerve_root",
            None,
        ),
    ],
)
def test_dictated_differentials_and_doubts(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


# ---- "Question X" as a note opens a query; a result "negative for"; infection and treatment wording ----------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "Question occult spinal dysraphism / tethered cord.",
            "tethered_cord_or_dysraphism",
            "suspected",
        ),
        ("Question MS.", "multiple_sclerosis", "suspected"),
        ("He had a question about his MS medication.", "multiple_sclerosis", "known"),
        (
            "The study is negative for epidural abscess, but there is discitis at L4-5.",
            "infection.epidural_abscess",
            "absent",
        ),
        (
            "The study is negative for epidural abscess, but there is discitis at L4-5.",
            "infection.discitis",
            "known",
        ),
        # an epidural phlegmon is a spinal infection, not an abscess
        (
            "Ventral epidural phlegmon; no discrete epidural abscess.",
            "infection.epidural_abscess",
            "absent",
        ),
        ("Ventral epidural phlegmon; no discrete epidural abscess.", "infection.spine", "known"),
        ("Imp: Deep SSI after L4-S1 TLIF.", "infection.spine", "known"),
        # a cancer treated now with a targeted drug; a lifelong steroid replacement
        ("66F NSCLC (EGFR+) on osimertinib.", "immune_suppression", True),
        ("Melanoma, now on pembrolizumab.", "immune_suppression", True),
        ("Adrenal insufficiency on hydrocortisone replacement.", "steroid_use.chronic", True),
        ("Hormone replacement therapy.", "steroid_use.chronic", None),
    ],
)
def test_query_results_and_treatment_wording(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


# ---- a denial ends where "and" opens a new clause; "nothing to suggest"; a workup that found nothing ---------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "He denies any trauma and was found to have a C6 radiculopathy on EMG.",
            "radiculopathy",
            "known",
        ),
        (
            "There was no trauma and the MRI demonstrated cord compression at C5-6.",
            "compression.spinal_cord",
            "known",
        ),
        (
            "She denies fever, chills, or weight loss, and her diagnosis of myasthenia gravis was confirmed in 2020.",
            "myasthenia_gravis",
            "known",
        ),
        ("No history of multiple sclerosis and lupus.", "multiple_sclerosis", "absent"),
        ("Nothing to suggest an epidural abscess.", "infection.epidural_abscess", "absent"),
        ("Workup for myasthenia was unrevealing.", "myasthenia_gravis", "absent"),
        ("She is being evaluated for multiple sclerosis.", "multiple_sclerosis", "suspected"),
        (
            "She is worried because her brother was just diagnosed with MS.",
            "multiple_sclerosis",
            None,
        ),
    ],
)
def test_denial_clauses_and_workups(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- radicular and radiating pain in other words; hereditary neuropathies; sacroiliitis -------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Radicular leg pain on the left.", "radiculopathy", "known"),
        ("Severe shooting, radicular type pain with right leg movement.", "radiculopathy", "known"),
        ("Denies radiating pain.", "radiculopathy", "absent"),
        ("Non-radiating low back pain.", "radiculopathy", "absent"),
        ("Radial pain at the wrist.", "radiculopathy", None),
        ("Charcot-Marie-Tooth disease type 1A.", "peripheral_nerve_disorder", "known"),
        ("CMT1A confirmed genetically.", "peripheral_nerve_disorder", "known"),
        ("Chiropractic CMT x 6 visits.", "peripheral_nerve_disorder", None),
        ("MRI SI joints: bilateral sacroiliitis.", "inflammatory_spine_disease", "known"),
        ("No sacroiliitis.", "inflammatory_spine_disease", "absent"),
    ],
)
def test_radiating_pain_hereditary_neuropathy_sacroiliitis(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


# ---- a condition the plan is for is stated, not planned -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "PLAN: Continue gabapentin for her peripheral neuropathy.",
            "peripheral_nerve_disorder",
            "known",
        ),
        (
            "PLAN:, We will treat her cervical radiculopathy with physical therapy.",
            "radiculopathy",
            "known",
        ),
        ("Plan: PT for the L5 radiculopathy; MRI if no better.", "radiculopathy", "known"),
        ("Plan: Neurosurgery referral for the cervical myelopathy.", "myelopathy", "known"),
        (
            "RECOMMENDATIONS:, Given her known MS, MRI brain with contrast.",
            "multiple_sclerosis",
            "known",
        ),
        # a plan that looks for it, or waits for it, still does not state it
        ("Plan: MRI for possible myelopathy.", "myelopathy", "suspected"),
        ("Plan: EMG to look for radiculopathy.", "radiculopathy", "suspected"),
        ("Plan: return if she develops myelopathy.", "myelopathy", None),
        ("Plan: MRI C-spine, EMG.", "emg_ncv.done", None),
    ],
)
def test_condition_a_plan_is_for(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- a risk of a condition is not the condition; the risk factors named after it are the patient's ----------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("She is at risk for osteoporosis given chronic steroids.", "osteoporosis", None),
        ("She is at risk for osteoporosis given chronic steroids.", "steroid_use.chronic", True),
        ("At high risk for spinal epidural abscess.", "infection.epidural_abscess", None),
        (
            "Risk factors for epidural abscess include diabetes and IVDU.",
            "infection.epidural_abscess",
            None,
        ),
        (
            "Risk factors for epidural abscess include diabetes and IVDU.",
            "immune_suppression",
            True,
        ),
        ("To prevent osteoporosis, start calcium.", "osteoporosis", None),
        ("Osteoporosis on alendronate.", "osteoporosis", "known"),
    ],
)
def test_risk_of_a_condition(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- a cord signal on imaging is no clinical myelopathy -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Impression: Multilevel spondylosis, no myelopathic cord signal.", None),
        ("No myelopathic signal change.", None),
        ("Myelopathic gait.", "known"),
        ("No myelopathic features.", "absent"),
    ],
)
def test_myelopathic_cord_signal(reader: NoteReader, text: str, value: Any) -> None:
    assert values(reader, text).get("myelopathy") == value
