"""The canonical URLs and code systems of Da Vinci PAS 2.2.1 that we read and write."""

from __future__ import annotations

PAS = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"

REQUEST_BUNDLE = PAS + "profile-pas-request-bundle"
RESPONSE_BUNDLE = PAS + "profile-pas-response-bundle"
INQUIRY_REQUEST_BUNDLE = PAS + "profile-pas-inquiry-request-bundle"
INQUIRY_RESPONSE_BUNDLE = PAS + "profile-pas-inquiry-response-bundle"
CLAIM_RESPONSE = PAS + "profile-claimresponse"
INQUIRY_RESPONSE = PAS + "profile-claiminquiryresponse"
TASK = PAS + "profile-task"

REVIEW_ACTION = PAS + "extension-reviewAction"
REVIEW_ACTION_CODE = PAS + "extension-reviewActionCode"
REVIEWER = PAS + "extension-claimResponseReviewer"
PRE_AUTH_PERIOD = PAS + "extension-itemPreAuthPeriod"
PRE_AUTH_ISSUE_DATE = PAS + "extension-itemPreAuthIssueDate"
LEVEL_OF_SERVICE = PAS + "extension-levelOfServiceCode"
SERVICE_LINE_NUMBER = PAS + "extension-serviceLineNumber"

X12_REVIEW_ACTION = "https://codesystem.x12.org/005010/306"
X12_LEVEL_OF_SERVICE = "https://codesystem.x12.org/005010/1338"
X12_INSURANCE_TYPE = "https://codesystem.x12.org/005010/1336"
PAS_TEMP_CODES = "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes"
ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
PROCESS_PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority"
ISSUE_TYPE = "http://terminology.hl7.org/CodeSystem/operation-outcome"

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = (
    "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
)

# Our own code systems: the policy criteria a reason cites, and the facts a question asks for.
CRITERION = "https://priorauth.dev/fhir/CodeSystem/criterion"
FACT = "https://priorauth.dev/fhir/CodeSystem/fact"
CASE_ID = "https://priorauth.dev/fhir/sid/case"

# X12 306 review action codes for a line's state (workflow/status.py). A line waiting for a clinician
# (clinical_review, no_policy) is pended for manual review: the engine never denies.
REVIEW_ACTIONS: dict[str, tuple[str, str]] = {
    "approved": ("A1", "Certified in total"),
    "pended": ("A4", "Pended"),
    "clinical_review": ("A4", "Pended"),
    "no_policy": ("A4", "Pended"),
    "not_certified": ("A3", "Not Certified"),
    "modified": ("A6", "Modified"),
}

# Da Vinci CRD 2.x and DTR 2.x.
CRD = "http://hl7.org/fhir/us/davinci-crd"
DTR = "http://hl7.org/fhir/us/davinci-dtr"
COVERAGE_INFORMATION = f"{CRD}/StructureDefinition/ext-coverage-information"
CRD_TEMP_CODES = f"{CRD}/CodeSystem/temp"
DTR_STD_QUESTIONNAIRE = f"{DTR}/StructureDefinition/dtr-std-questionnaire"
DTR_ADAPTIVE_QUESTIONNAIRE = f"{DTR}/StructureDefinition/dtr-questionnaire-adapt"
DTR_QUESTIONNAIRE_RESPONSE = f"{DTR}/StructureDefinition/dtr-questionnaireresponse"
DTR_ADAPTIVE_RESPONSE = f"{DTR}/StructureDefinition/dtr-questionnaireresponse-adapt"
DTR_PACKAGE_BUNDLE = f"{DTR}/StructureDefinition/DTR-QPackageBundle"
DTR_PACKAGE_OUTPUT = f"{DTR}/StructureDefinition/dtr-qpackage-output-parameters"
DTR_NEXT_QUESTION_OUTPUT = f"{DTR}/StructureDefinition/dtr-next-question-output-parameters"
CRD_SERVICE_REQUEST = f"{CRD}/StructureDefinition/profile-servicerequest"
INFORMATION_ORIGIN = f"{DTR}/StructureDefinition/information-origin"
QR_CONTEXT = f"{DTR}/StructureDefinition/qr-context"
INTENDED_USE = f"{DTR}/StructureDefinition/intendedUse"
SDC_ADAPTIVE = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"
)
QUESTIONNAIRE_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
UCUM = "http://unitsofmeasure.org"

CDEX_TEMP = "http://hl7.org/fhir/us/davinci-cdex/CodeSystem/cdex-temp"

# The values of the fact catalog's enum and condition facts, and CRD coverage assertions.
FACT_VALUES = "https://priorauth.dev/fhir/CodeSystem/fact-values"
ASSERTION_ID = "https://priorauth.dev/fhir/sid/coverage-assertion"
DURATION_UCUM = {"days": "d", "weeks": "wk", "months": "mo", "years": "a"}
