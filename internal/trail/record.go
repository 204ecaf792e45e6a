package trail

import (
	"encoding/json"
	"reflect"
	"strconv"
)

// Record is one CloudTrail event as AWS writes it, with the fields mamori
// uses. Every eventVersion from 1.01 to 1.11 decodes into it: fields a
// version lacks stay empty and fields Record does not name are ignored.
type Record struct {
	EventVersion        string          `json:"eventVersion"`
	EventID             string          `json:"eventID"`
	EventTime           string          `json:"eventTime"`
	EventSource         string          `json:"eventSource"`
	EventName           string          `json:"eventName"`
	EventType           string          `json:"eventType"`
	AWSRegion           string          `json:"awsRegion"`
	SourceIPAddress     string          `json:"sourceIPAddress"`
	UserAgent           string          `json:"userAgent"`
	ErrorCode           string          `json:"errorCode"`
	ErrorMessage        string          `json:"errorMessage"`
	ReadOnly            *flexBool       `json:"readOnly"`
	ManagementEvent     *flexBool       `json:"managementEvent"`
	RecipientAccountID  string          `json:"recipientAccountId"`
	SharedEventID       string          `json:"sharedEventID"`
	VPCEndpointID       string          `json:"vpcEndpointId"`
	UserIdentity        UserIdentity    `json:"userIdentity"`
	RequestParameters   json.RawMessage `json:"requestParameters"`
	Resources           json.RawMessage `json:"resources"`
	AdditionalEventData json.RawMessage `json:"additionalEventData"`
	ResponseElements    json.RawMessage `json:"responseElements"`
	// InsightDetails is an Insights event's insightDetails, which names
	// the API the event is about: such events have no eventName or
	// eventSource of their own.
	InsightDetails json.RawMessage `json:"insightDetails"`
}

// UserIdentity is a record's userIdentity.
type UserIdentity struct {
	Type             string          `json:"type"`
	PrincipalID      string          `json:"principalId"`
	ARN              string          `json:"arn"`
	AccountID        string          `json:"accountId"`
	AccessKeyID      string          `json:"accessKeyId"`
	UserName         string          `json:"userName"`
	InvokedBy        string          `json:"invokedBy"`
	IdentityProvider string          `json:"identityProvider"`
	SessionContext   *SessionContext `json:"sessionContext"`
	OnBehalfOf       *struct {
		UserID string `json:"userId"`
	} `json:"onBehalfOf"`
}

// SessionContext is the session part of a userIdentity of temporary
// credentials.
type SessionContext struct {
	Attributes struct {
		CreationDate     string   `json:"creationDate"`
		MFAAuthenticated flexBool `json:"mfaAuthenticated"`
	} `json:"attributes"`
	SessionIssuer struct {
		Type        string `json:"type"`
		PrincipalID string `json:"principalId"`
		ARN         string `json:"arn"`
		AccountID   string `json:"accountId"`
		UserName    string `json:"userName"`
	} `json:"sessionIssuer"`
	SourceIdentity string `json:"sourceIdentity"`
}

// flexBool is a boolean that older logs may write as a string ("true").
type flexBool bool

// UnmarshalJSON accepts true, false, "true", "false" (any case) and null.
func (b *flexBool) UnmarshalJSON(data []byte) error {
	s := string(data)
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	switch s {
	case "null", "":
		return nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "value " + strconv.Quote(string(data)), Type: reflect.TypeFor[bool]()}
	}
	*b = flexBool(v)
	return nil
}

// requestParams are the request parameters mamori reads.
type requestParams struct {
	BucketName      string     `json:"bucketName"`
	Key             string     `json:"key"`
	DurationSeconds flexNumber `json:"durationSeconds"`
}

// flexNumber is a number that may be written as a string; anything else
// reads as 0 without an error.
type flexNumber int64

// UnmarshalJSON implements json.Unmarshaler and never fails.
func (n *flexNumber) UnmarshalJSON(data []byte) error {
	s := string(data)
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		*n = flexNumber(v)
	}
	return nil
}
